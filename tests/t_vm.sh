# SPDX-License-Identifier: MIT
# tier: vm
# nsinit-vm (busybox-test/vm): a command in a throwaway QEMU machine with
# nsinit as its init, the host's / read-only under a tmpfs, the working
# directory shared. Checked from outside: the runner's status, its stdout
# and stderr byte for byte, the files on the host, the console log. TCG
# (KVM hangs on these machines) but for the test of the fallback itself.

test_nsinit_vm_exits_with_the_command_s_status() {
	local s
	vm_ready
	for s in 0 1 42; do
		vm -- sh -c "exit $s"
		expect_eq "$STATUS" "$s" "status of 'exit $s' (stderr: $ERR)"
		expect_eq "$ERR" "" "stderr of 'exit $s'"
	done
	vm -- no-such-command-here
	expect_eq "$STATUS" 127 "status of a missing command"
	expect_match "$ERR" "no-such-command-here: not found" "the shell's line"
}

test_nsinit_vm_gives_the_command_s_stdout_exactly_and_its_stderr_apart() {
	vm_ready
	# a CR, a tab, no newline at the end, a NUL: bytes as written
	vm -- sh -c 'printf "one\ntwo\r\n\tthree\0four"; echo to-stderr >&2'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	printf 'one\ntwo\r\n\tthree\0four' >"$TEST_DIR/want"
	cmp "$TEST_DIR/want" "$TEST_DIR/out" ||
		fail "stdout differs: $(od -c "$TEST_DIR/out" | head -5)"
	expect_eq "$ERR" "to-stderr" "stderr"
	# the console had the kernel and init, and none of the command's bytes
	expect_match "$CONSOLE" "nsinit-status: appliance=0 end=poweroff" "console"
	if grep -aq 'two\|to-stderr' "$TEST_DIR/console"; then
		fail "the command's output is on the console: $CONSOLE"
	fi
}

test_nsinit_vm_runs_the_command_here_as_the_caller_with_stdin() {
	vm_ready
	printf 'a\nb\nc\n' >"$TEST_DIR/in"
	VM_STDIN=$TEST_DIR/in vm -- sh -c 'pwd; id -u; echo "$HOME"; wc -l'
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" "$(cd "$VM_CWD" && pwd -P)
$(id -u)
$HOME
3" "cwd, uid, HOME and the lines read from stdin"
}

test_a_file_written_through_rw_is_on_the_host_and_the_root_never_is() {
	local probe=/etc/nsinit-vm-test-$$
	vm_ready
	mkdir -p "$TEST_DIR/shared" "$TEST_DIR/ro"
	echo keep >"$TEST_DIR/ro/f"
	vm --rw "$TEST_DIR/shared" --ro "$TEST_DIR/ro" -- sh -c "
		echo written >'$TEST_DIR/shared/new'
		echo here >cwd-file
		echo x >$probe && echo overlay-write-ok
		touch /run/nsinit/lower/etc/x 2>&1 | sed 's/.*: //'
		(echo y >'$TEST_DIR/ro/f') 2>&1 | sed 's/.*: //'"
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$(cat "$TEST_DIR/shared/new")" written "the file written through --rw"
	expect_eq "$(cat "$VM_CWD/cwd-file")" here "the file written in the cwd"
	expect_eq "$OUT" "overlay-write-ok
Read-only file system
Read-only file system" "writes inside: the root's overlay, the root's share, --ro"
	[ ! -e "$probe" ] || { rm -f "$probe"; fail "$probe reached the host's /"; }
	expect_eq "$(cat "$TEST_DIR/ro/f")" keep "the --ro file on the host"
}

test_an_overlay_share_is_writable_inside_and_unchanged_outside() {
	vm_ready
	mkdir -p "$TEST_DIR/tree"
	echo orig >"$TEST_DIR/tree/f"
	vm --overlay "$TEST_DIR/tree" -- sh -c "
		echo changed >'$TEST_DIR/tree/f'; touch '$TEST_DIR/tree/new'
		cat '$TEST_DIR/tree/f'"
	expect_eq "$STATUS" 0 "status (stderr: $ERR)"
	expect_eq "$OUT" changed "the file inside"
	expect_eq "$(cat "$TEST_DIR/tree/f")" orig "the file on the host"
	[ ! -e "$TEST_DIR/tree/new" ] || fail "a new file reached the host"
}

test_a_script_runs_with_its_interpreter_and_arguments() {
	vm_ready
	printf '#!/bin/sh\necho "script $# $1 [$2]"\nexit 5\n' >"$TEST_DIR/t.sh"
	vm --script "$TEST_DIR/t.sh" -- one "two words"
	expect_eq "$STATUS" 5 "status (stderr: $ERR)"
	expect_eq "$OUT" "script 2 one [two words]" "the script's output"
}

test_nsinit_vm_runs_for_a_caller_who_is_not_root() {
	local d=$TEST_OTHERS_DIR kv
	vm_ready
	# what the user needs, where the user can read it
	kv=$(cat "$TOP/build/qemu/kver")
	cp "$TOP/busybox-test/vm" "$TOP/busybox-test/kmod.sh" "$TOP/busybox-test/vm-guest.sh" "$d/"
	cp "$TOP/build/vm/init" "$d/vm-init"
	cp "$TOP/build/qemu/vmlinux" "$d/"
	(. "$TOP/busybox-test/kmod.sh" && KMOD_QUIET=1 kmod_copy \
		"$TOP/build/qemu/modules" "$d/mods/$kv" virtio_pci 9pnet_virtio 9p \
		overlay virtio_console)
	mkdir -p "$d/work"
	chown 65534:65534 "$d/work"
	chmod -R a+rX "$d"
	STATUS=0
	OUT=$(cd "$d/work" && setpriv --reuid 65534 --regid 65534 --clear-groups \
		env HOME=/nonexistent NSINIT_VM_INIT="$d/vm-init" "$d/vm" \
		-k "$d/vmlinux" --modules "$d/mods/$kv" --timeout 150 -- \
		sh -c 'id -u; echo data >out.txt' 2>"$TEST_DIR/err") || STATUS=$?
	expect_eq "$STATUS" 0 "status (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$OUT" 65534 "the command's uid"
	expect_eq "$(stat -c %u "$d/work/out.txt")" 65534 "the owner of its file"
}

test_a_missing_kernel_is_one_line_and_status_125() {
	vm_ready
	vm -k "$TEST_DIR/no-kernel" -- true
	expect_eq "$STATUS" 125 "status"
	expect_eq "$ERR" "nsinit-vm: $TEST_DIR/no-kernel: no such kernel" "stderr"
}

test_a_kernel_without_9p_or_a_module_is_one_line_and_status_125() {
	local m=$TEST_DIR/mods kv
	vm_ready
	kv=$(cat "$TOP/build/qemu/kver")
	(. "$TOP/busybox-test/kmod.sh" && KMOD_QUIET=1 kmod_copy \
		"$TOP/build/qemu/modules" "$m/$kv" virtio_pci overlay)
	vm --modules "$m/$kv" -- true
	expect_eq "$STATUS" 125 "status without 9p"
	expect_eq "$ERR" "nsinit-vm: $TOP/build/qemu/vmlinux: no 9p (neither built in nor a module in $m/$kv)" "stderr without 9p"
	(. "$TOP/busybox-test/kmod.sh" && KMOD_QUIET=1 kmod_copy \
		"$TOP/build/qemu/modules" "$m/$kv" 9pnet_virtio 9p)
	vm --modules "$m/$kv" -- true
	expect_eq "$STATUS" 125 "status without virtio_console"
	expect_eq "$ERR" "nsinit-vm: no module virtio_console in $m/$kv" "stderr without virtio_console"
}

test_a_setup_failure_in_the_vm_is_status_122_with_init_s_line() {
	vm_ready
	vm -a nsinit.mount=no-such-tag:/x -- true
	expect_eq "$STATUS" 122 "status"
	expect_eq "$ERR" "nsinit-vm: nsinit's setup failed: init: mounts: 9p no-such-tag on /x: no such tag (QEMU's mount_tag=)" "stderr"
	expect_match "$CONSOLE" "nsinit-failed: mounts" "the console's line"
}

test_a_kernel_panic_is_status_123_and_a_time_out_124() {
	vm_ready
	vm -- sh -c 'echo c >/proc/sysrq-trigger'
	expect_eq "$STATUS" 123 "status after a crash"
	expect_match "$ERR" "^nsinit-vm: kernel panic: Kernel panic - not syncing" "stderr after a crash"
	vm --timeout 2 -- sleep 100
	expect_eq "$STATUS" 124 "status after the time-out"
	expect_eq "$ERR" "nsinit-vm: timed out after 2 s" "stderr after the time-out"
}

# On a host whose KVM hangs its guests (these machines), auto tries it,
# gives up after 5 s with one line, and remembers it until the host
# reboots; where KVM works, the guest simply runs under it.
test_auto_acceleration_falls_back_to_tcg_when_kvm_shows_no_life() {
	[ -w /dev/kvm ] || skip "no /dev/kvm here"
	vm_ready
	XDG_CACHE_HOME=$TEST_DIR/cache VM_ACCEL=auto vm -- sh -c 'exit 9'
	expect_eq "$STATUS" 9 "status (stderr: $ERR)"
	if [ -z "$ERR" ]; then
		expect_match "$CONSOLE" "Linux version" "a KVM guest's first notice"
		return
	fi
	expect_eq "$ERR" "nsinit-vm: KVM showed no sign of life in 5 s: TCG instead, until this host reboots ($TEST_DIR/cache/nsinit-vm/kvm-hangs)" "stderr"
	XDG_CACHE_HOME=$TEST_DIR/cache VM_ACCEL=auto vm -- sh -c 'exit 8'
	expect_eq "$STATUS" 8 "status, second run"
	expect_eq "$ERR" "" "stderr, second run (remembered)"
}

test_nsinit_vm_boots_an_aarch64_kernel_with_a_root_of_that_architecture() {
	local bb root=$TEST_DIR/root
	vm_ready
	(cd "$TOP" && make -s vm ARCH=aarch64 >/dev/null) || fail "make vm ARCH=aarch64"
	bb=$(ARCH=aarch64 "$TOP/busybox-test/busybox.sh")
	mkdir -p "$root/bin"
	cp "$bb" "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	vm --arch aarch64 --root "$root" -- /bin/busybox sh -c 'busybox uname -m; exit 42'
	expect_eq "$STATUS" 42 "status (stderr: $ERR)"
	expect_eq "$OUT" aarch64 "the machine"
}

test_make_install_vm_gives_an_nsinit_vm_that_runs_from_where_it_is() {
	local d=$TEST_DIR/dest kv
	vm_ready
	(cd "$TOP" && make -s install-vm DESTDIR="$d" PREFIX=/opt/x >/dev/null) ||
		fail "make install-vm failed"
	[ -x "$d/opt/x/bin/nsinit-vm" ] || fail "no $d/opt/x/bin/nsinit-vm"
	kv=$(cat "$TOP/build/qemu/kver")
	STATUS=0
	OUT=$(cd "$VM_CWD" && "$d/opt/x/bin/nsinit-vm" --accel tcg \
		-k "$TOP/build/qemu/vmlinux" --modules "$TOP/build/qemu/modules" \
		-- sh -c 'echo installed; exit 3' 2>"$TEST_DIR/err") || STATUS=$?
	expect_eq "$STATUS" 3 "status (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$OUT" installed "stdout"
	# without -k, installed, it boots the kernel installed beside it
	STATUS=0
	OUT=$(cd "$VM_CWD" && "$d/opt/x/bin/nsinit-vm" --accel tcg -- uname -r \
		2>"$TEST_DIR/err") || STATUS=$?
	expect_eq "$STATUS" 0 "status without -k (stderr: $(cat "$TEST_DIR/err"))"
	expect_eq "$OUT" "$kv" "the installed kernel"
}

# The kernel takes 10 lines in 5 s from one open /dev/kmsg and drops the
# rest silently: with a verbose init and a console that echoes everything
# (loglevel=7) the status line was the 12th, and lost.
test_the_status_line_survives_the_kernel_s_kmsg_rate_limit() {
	vm_ready
	vm -a nsinit.verbose=2 -a loglevel=7 -- sh -c 'exit 6'
	expect_eq "$STATUS" 6 "status (stderr: $ERR)"
	# more lines of init's than the kernel takes in one window
	[ "$(grep -c 'nsinit-time' <<<"$CONSOLE")" -ge 10 ] ||
		fail "fewer than 10 timing lines: $CONSOLE"
	expect_match "$CONSOLE" "nsinit-status: appliance=6 end=poweroff" "the status line"
}

# A directory named "x,path=/elsewhere" (a cloned repository, an unpacked
# tarball) would have QEMU share /elsewhere read-write in its place: the
# command would write the caller's files outside what was shared.
test_a_share_whose_name_carries_qemu_options_is_refused() {
	local evil
	vm_ready
	mkdir -p "$TEST_DIR/victim"
	echo secret >"$TEST_DIR/victim/secret.txt"
	evil="$TEST_DIR/evil,path=$TEST_DIR/victim"
	mkdir -p "$evil"
	VM_CWD=$evil vm -- sh -c 'cat secret.txt; echo pwned >written'
	expect_eq "$STATUS" 125 "status (stdout: $OUT)"
	expect_eq "$ERR" "nsinit-vm: $evil: a path with '\"', ':', ',' or a control character cannot be shared" "stderr"
	[ ! -e "$TEST_DIR/victim/written" ] || fail "the command wrote into the victim directory"
}

# What a command can leave through a share for the next run: a FIFO where
# the runner remembers a hanging KVM would hold every later run forever.
test_a_fifo_in_place_of_the_kvm_memory_holds_no_run() {
	[ -w /dev/kvm ] || skip "no /dev/kvm here"
	vm_ready
	mkdir -p "$TEST_DIR/cache/nsinit-vm"
	mkfifo "$TEST_DIR/cache/nsinit-vm/kvm-hangs"
	STATUS=0
	(cd "$VM_CWD" && XDG_CACHE_HOME=$TEST_DIR/cache timeout 120 \
		"$TOP/busybox-test/vm" --timeout 100 -- sh -c 'exit 4') \
		</dev/null >/dev/null 2>"$TEST_DIR/err" || STATUS=$?
	expect_eq "$STATUS" 4 "status (stderr: $(cat "$TEST_DIR/err"))"
	# where KVM hung and was given up, the memory is a plain file again
	if [ -s "$TEST_DIR/err" ]; then
		[ -f "$TEST_DIR/cache/nsinit-vm/kvm-hangs" ] ||
			fail "the memory is not a plain file after a fallback"
	fi
}
