# SPDX-License-Identifier: MIT
# nsinit-vm (busybox-test/vm) for a kernel developer's day: a shell on a
# terminal, Ctrl-C, the environment, streamed stdin, CPUs, memory, disks,
# QEMU's options, the gdb stub, kernels and build trees. Checked from
# outside, as t_vm.sh does; the terminal is script(1)'s pty, driven with
# keys. One machine per test (TCG, a busy host: 20-50 s each).
# tier: vm

test_on_a_terminal_without_a_command_nsinit_vm_gives_a_shell_that_follows_the_window_s_size() {
	local kid pts
	vm_ready
	vm_pty_start
	pty_send 'stty size; tty; echo "uid $(id -u)"\n'
	pty_wait '^40 100$' "the terminal's size at the start"
	pty_wait '^/dev/hvc0$' "the shell's terminal"
	pty_wait "^uid $(id -u)$" "the shell's user"
	# the window changes: the runner's SIGWINCH reaches the guest's
	# foreground job as its own
	pty_send 'bash -c '\''trap "stty size; exit 0" WINCH; echo waiting; sleep 1000 & wait'\''\n'
	pty_wait '^waiting$' "the job that waits for SIGWINCH"
	kid=$(ps -o pid= --ppid "$PTY_PID" | head -n 1 | tr -d ' ')
	pts=$(readlink "/proc/$kid/fd/0")
	stty -F "$pts" rows 50 cols 120
	pty_wait '^50 120$' "the new size, in the machine"
	pty_send 'exit 7\n'
	pty_end
	expect_eq "$STATUS" 7 "the shell's status (screen: $(cat "$TEST_DIR/shown"))"
}

test_on_a_terminal_ctrl_c_and_ctrl_z_reach_the_command_s_foreground_job() {
	vm_ready
	vm_pty_start -t -- bash
	# each job says it is ready once it is the foreground (sh execs)
	pty_send 'sh -c "echo ready-1; exec sleep 100"\n'
	pty_wait '^ready-1$' "the first job"
	# (a list the job was in would be given up with it, as bash does)
	pty_send '\003'
	pty_send 'echo "status $?"\n'
	pty_wait '^status 130$' "the status of the job Ctrl-C ended"
	pty_send 'sh -c "echo ready-2; exec sleep 100"\n'
	pty_wait '^ready-2$' "the second job"
	pty_send '\032'
	pty_wait 'Stopped' "the job Ctrl-Z stopped"
	# the shell may still see the killed job stopped: its first exit is
	# then refused ("There are stopped jobs"), the second one is not
	pty_send 'jobs; kill -9 %%1; exit 5; exit 5\n'
	pty_end
	expect_eq "$STATUS" 5 "the shell's status (screen: $(cat "$TEST_DIR/shown"))"
}

test_without_a_terminal_dash_t_is_one_line_and_status_125() {
	vm_ready
	vm -t -- true
	expect_eq "$STATUS" 125 "status"
	expect_eq "$ERR" "nsinit-vm: -t: stdin and stdout are to be a terminal" "stderr"
}

test_ctrl_c_without_a_terminal_ends_the_command_with_130() {
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	vm_ready
	vm_interrupted 'echo ready; sleep 100; echo not-reached'
	expect_eq "$STATUS" 130 "status (stderr: $ERR)"
	expect_eq "$OUT" "" "the rest of stdout"
	expect_eq "$ERR" "" "stderr"
}

test_ctrl_c_without_a_terminal_gives_the_status_of_a_command_that_handles_it() {
	env --default-signal=INT true 2>/dev/null || skip "env has no --default-signal"
	vm_ready
	vm_interrupted 'trap "echo caught; exit 3" INT; echo ready; sleep 100 & wait'
	expect_eq "$STATUS" 3 "status (stderr: $ERR)"
	expect_eq "$OUT" caught "the rest of stdout"
}

test_the_caller_s_environment_and_env_reach_the_command_byte_exact() {
	local weird=$'a  "b\'\n\tc$* \\'
	vm_ready
	FOO=bar LANG="en US" DISPLAY=:9 SSH_AUTH_SOCK=/x vm \
		--env "WEIRD=$weird" --env DISPLAY --env EMPTY= -- \
		sh -c 'printf "%s|" "$FOO" "$LANG" "$WEIRD" "$DISPLAY" "${EMPTY-unset}" "${SSH_AUTH_SOCK-unset}"'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "bar|en US|$weird|:9||unset|" "FOO, LANG, --env WEIRD=, --env DISPLAY, --env EMPTY=, SSH_AUTH_SOCK"
}

test_stdin_is_streamed_to_the_command_not_read_whole_first() {
	local p
	vm_ready
	mkfifo "$TEST_DIR/i" "$TEST_DIR/o"
	(cd "$VM_CWD" && exec "$TOP/busybox-test/vm" --accel tcg --timeout 150 \
		-- sh -c 'read -r l; echo "got $l"; wc -c') \
		<"$TEST_DIR/i" >"$TEST_DIR/o" 2>"$TEST_DIR/err" &
	p=$!
	exec {i}>"$TEST_DIR/i" {o}<"$TEST_DIR/o"
	echo ping >&"$i"
	# the answer comes while stdin is still open
	read -r -t 150 OUT <&"$o" || fail "no answer before stdin ended"
	expect_eq "$OUT" "got ping" "the answer to the first line"
	printf 'x%.0s' $(seq 100000) >&"$i"
	exec {i}>&-
	OUT=$(cat <&"$o")
	STATUS=0
	wait "$p" || STATUS=$?
	expect_eq "$STATUS" 0 "status (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$OUT" 100000 "the bytes after it, to the end"
}

test_cpus_memory_and_qemu_opts_shape_the_machine() {
	vm_ready
	vm --cpus 2 --memory 300M --qemu-opts '-device virtio-rng-pci' -- sh -c '
		nproc; awk "/MemTotal/ { print \$2 }" /proc/meminfo
		cat /sys/bus/virtio/devices/*/device'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$(sed -n 1p <<<"$OUT")" 2 "nproc"
	local kb
	kb=$(sed -n 2p <<<"$OUT")
	[ "$kb" -gt 200000 ] && [ "$kb" -le 307200 ] || fail "MemTotal $kb kB with --memory 300M"
	expect_line "$OUT" 0x0004 "the virtio-rng device of --qemu-opts"
}

test_a_disk_is_named_in_the_machine_and_its_writes_reach_the_file() {
	vm_ready
	printf 'disk-content-42' >"$TEST_DIR/data.img"
	truncate -s 1M "$TEST_DIR/data.img"
	cp "$TEST_DIR/data.img" "$TEST_DIR/other.img"
	vm --disk "$TEST_DIR/data.img:scratch" --disk "$TEST_DIR/other.img" -- sh -c '
		head -c 15 /dev/scratch; echo
		head -c 15 /dev/disk/by-id/virtio-scratch; echo
		readlink /dev/other
		printf written >/dev/other'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "disk-content-42
disk-content-42
vdb" "the disks read by their names"
	expect_eq "$(head -c 7 "$TEST_DIR/other.img")" written "the write, in the file"
}

# A disk image named "x,file.filename=/etc/shadow" would give QEMU
# another file in its place.
test_a_disk_whose_path_carries_qemu_options_is_refused() {
	local evil
	vm_ready
	evil="$TEST_DIR/x,file.filename=$TEST_DIR/victim"
	mkdir -p "$(dirname "$evil")"
	: >"$evil"
	vm --disk "$evil" -- true
	expect_eq "$STATUS" 125 "status"
	expect_eq "$ERR" "nsinit-vm: $evil: a disk with '\"', ',' or a control character in its path cannot be given to QEMU" "stderr"
}

test_the_gdb_stub_answers_on_its_port_and_the_kernel_waits_for_it() {
	local port p
	command -v gdb >/dev/null || skip "no gdb"
	vm_ready
	port=$((20000 + RANDOM % 20000))
	(cd "$VM_CWD" && exec "$TOP/busybox-test/vm" --accel tcg --timeout 150 \
		--gdb-wait --gdb "$port" -- sh -c 'grep -o nokaslr /proc/cmdline; exit 4') \
		</dev/null >"$TEST_DIR/out" 2>"$TEST_DIR/err" &
	p=$!
	# gdb retries the connection until the stub listens; the machine
	# has not run a single instruction: the reset vector
	OUT=$(timeout 150 gdb -nx -batch -ex 'set tcp connect-timeout 140' \
		-ex "target remote 127.0.0.1:$port" -ex 'p/x $pc' -ex continue 2>&1)
	expect_match "$OUT" '\$1 = 0xfff0' "the stopped machine's pc"
	STATUS=0
	wait "$p" || STATUS=$?
	expect_eq "$STATUS" 4 "status (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$(cat "$TEST_DIR/out")" nokaslr "the kernel's command line"
}

test_a_kernel_without_modules_found_is_refused_before_booting() {
	local kv
	vm_ready
	kv=$(cat "$TOP/build/qemu/kver")
	[ ! -d "/lib/modules/$kv" ] || skip "this host has /lib/modules/$kv"
	cp "$TOP/build/qemu/pkg/boot/vmlinuz-$kv" "$TEST_DIR/bzImage"
	vm -k "$TEST_DIR/bzImage" -- true
	expect_eq "$STATUS" 125 "status"
	expect_eq "$ERR" "nsinit-vm: $TEST_DIR/bzImage: no modules for it (/lib/modules/$kv: none): give --modules DIR, or --modules none when virtio, 9p, overlay and the virtio console are built in" "stderr"
	[ ! -s "$TEST_DIR/console" ] || fail "it booted: $(cat "$TEST_DIR/console")"
}

# A tree as `make` leaves it: the image, .config, the release, the .ko
# files where they were built and modules.order (Debian's, rearranged)
test_kdir_boots_a_kernel_build_tree_as_make_left_it() {
	local kv t=$TEST_DIR/linux m=$TOP/build/qemu/modules
	command -v depmod >/dev/null || [ -x /sbin/depmod ] || skip "no depmod (kmod)"
	vm_ready
	kv=$(cat "$TOP/build/qemu/kver")
	mkdir -p "$t/arch/x86/boot" "$t/include/config"
	cp "$TOP/build/qemu/pkg/boot/vmlinuz-$kv" "$t/arch/x86/boot/bzImage"
	cp "$TOP/build/qemu/pkg/boot/config-$kv" "$t/.config"
	echo "$kv" >"$t/include/config/kernel.release"
	(. "$TOP/busybox-test/kmod.sh" && KMOD_QUIET=1 kmod_copy "$m" "$TEST_DIR/m" \
		virtio_pci 9pnet_virtio 9p overlay virtio_console)
	(cd "$TEST_DIR/m/kernel" && find . -name '*.ko' | sed 's|^\./||' |
		tee "$t/modules.order" | cpio -pdm --quiet "$t")
	vm --kdir "$t" -- sh -c 'uname -r'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "$kv" "the tree's kernel"
}

# resolv.conf naming a local stub (systemd-resolved's 127.0.0.53) would
# leave the machine without DNS: QEMU's own resolver instead
test_net_gives_qemu_s_resolver_where_the_host_has_a_local_stub() {
	vm_ready
	printf 'nameserver 127.0.0.53\nsearch example.org\n' >"$TEST_DIR/resolv"
	STATUS=0
	OUT=$(cd "$VM_CWD" && unshare -m sh -c '
		mount --bind "$1" /etc/resolv.conf &&
		"$2" --accel tcg --timeout 150 --net -- cat /etc/resolv.conf' \
		sh "$TEST_DIR/resolv" "$TOP/busybox-test/vm" 2>"$TEST_DIR/err") ||
		STATUS=$?
	expect_eq "$STATUS" 0 "status (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$OUT" "nameserver 10.0.2.3
search example.org" "the machine's resolv.conf"
}

# From /, sharing "here" read-write would share the whole host: the
# command runs in /, its writes stay in the machine, one line says so
test_run_from_root_the_current_directory_is_not_shared_and_one_line_says_so() {
	local f=nsinit-vm-test-$$
	vm_ready
	VM_CWD=/ vm -- sh -c "pwd; echo x >$f && echo written"
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "/
written" "the command's cwd and its write"
	expect_eq "$ERR" "nsinit-vm: the current directory is /: not shared, writes there stay in the machine (--rw DIR shares one)" "stderr"
	[ ! -e "/$f" ] || { rm -f "/$f"; fail "the write reached the host's /"; }
}

test_the_kernel_s_module_tree_is_in_the_machine_at_its_release() {
	local kv
	vm_ready
	kv=$(cat "$TOP/build/qemu/kver")
	vm -- sh -c 'uname -r; cd "/lib/modules/$(uname -r)" && ls kernel/fs/9p'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "$kv
9p.ko" "the release and its 9p module"
}
