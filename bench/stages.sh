# SPDX-License-Identifier: MIT
# stages.sh: where a start of `init -- /bin/true` spends its time (the
# start benchmark's configuration): the steps of a `make TIMINGS=1` build
# timed by nsinit itself (lib/lap.h) between the caller's fork and wait
# (bench/timeline.c), drawn into bench/stages.svg (bench/stages.py); the
# syscalls of one start (strace -c -f); where the CPU goes (perf stat, and
# perf record's samples by syscall). Then the suspects of the start's cost,
# each with its figure. Sourced by run.sh. Environment: BENCH_STAGE_RUNS
# (200), BENCH_PERF_RUNS (200).

STAGE_RUNS=${BENCH_STAGE_RUNS:-200}
PERF_RUNS=${BENCH_PERF_RUNS:-200}

section "Where a start spends its time: each step of \`init -- /bin/true\` (median of $STAGE_RUNS runs)"
printf 'columns\tstep\tmedian\tshare of the whole start\tpercent\n' >>"$RESULTS"
make -s TIMINGS=1 CONFIG="$OUT/config.h" O="$OUT/timings" >&2
musl-gcc -static -Os -s -Wall -Wextra -Werror -std=c11 \
	-o "$OUT/timeline" bench/timeline.c
load=$(cut -d' ' -f1 /proc/loadavg)
"$OUT/timeline" 5 "$OUT/timings/init" -- /bin/true >/dev/null 2>&1 || true
if "$OUT/timeline" "$STAGE_RUNS" "$OUT/timings/init" -- /bin/true \
	>"$OUT/timeline.txt" 2>"$OUT/timeline.err"; then
	python3 bench/stages.py "$OUT/timeline.txt" "$RESULTS" bench/stages.svg
	echo "wrote bench/stages.svg" >&2
else
	row "whole start, timings build" - us -
	note "**The timings build failed** (build/bench/timeline.err): $(tail -n 3 "$OUT/timeline.err" | tr '\n' ' ')"
fi
load_note "$load"
note "Each step is the time from the end of the step before it, in whichever process, to its own end: the launcher's, the container's init's and the appliance's steps take turns (the go on the sync pipe, the fork, the reaping), so that the steps add up to the whole run, from bench/timeline's fork to its wait. The first two steps end at the launcher's main, before and after the sealed copy; \`init: fork of the appliance\` ends when the appliance's process first runs (the kernel's fork, and the wait for a CPU); \`exec of /bin/true...\` from the appliance's last step (seccomp) to init reaping it. A timings build writes a line per step on stderr (a few µs each): its whole start is longer than the default build's of the start table."

# --- syscalls ---------------------------------------------------------
section "Syscalls of one start (\`strace -c -f\`, the default build)"
printf 'columns\tsyscall\tcalls\tshare of all calls\tpercent\n' >>"$RESULTS"
if need strace; then
	strace -f -c -o "$OUT/strace-c.txt" "$OUT/init" -- /bin/true >/dev/null 2>&1 || true
	strace -f -y -o "$OUT/strace.txt" -e trace=open,openat,openat2,read,write,sendfile \
		"$OUT/init" -- /bin/true >/dev/null 2>&1 || true
	# calls by syscall: the column before the name (errors may sit between)
	awk '$NF != "total" && $1 ~ /^[0-9.]+$/ && NF >= 5 {
		calls = (NF == 6) ? $4 : $4; print $NF, calls }' \
		"$OUT/strace-c.txt" | sort -k2,2nr >"$OUT/strace-calls.txt"
	total=$(awk '$NF == "total" { print $4 }' "$OUT/strace-c.txt")
	row "all syscalls" "${total:--}" calls "all syscalls"
	while read -r name calls; do
		row "$name" "$calls" calls "all syscalls"
	done < <(head -n 15 "$OUT/strace-calls.txt")
	calls() {	# calls NAME...: the sum of their calls
		local n s=0
		for n; do s=$((s + $(awk -v n="$n" '$1 == n { print $2 }' "$OUT/strace-calls.txt" | head -n 1 | sed 's/^$/0/'))); done
		echo "$s"
	}
	api=$(calls fsopen fsconfig fsmount open_tree move_mount mount_setattr)
	mounts=$(calls move_mount)
	note "The 15 syscalls called most, of $(wc -l <"$OUT/strace-calls.txt") kinds; counts of one start (launcher, init, appliance; the appliance's own exec of /bin/true included). strace's times are its own overhead, not the kernel's: see perf below."
	note "Suspect: the new mount API, $api calls (fsopen, fsconfig, fsmount, open_tree, move_mount, mount_setattr) for $mounts mounts attached (move_mount): $(awk -v a="$api" -v m="$mounts" 'BEGIN { if (m) printf "%.1f", a / m; else print "-" }') calls per mount; the old API's mount(2) is $(calls mount) call(s)."
	note "Suspect: openat2, $(calls openat2) calls ($(awk '$NF == "openat2" { print $5 }' "$OUT/strace-c.txt" | grep -E '^[0-9]+$' || echo 0) of them failing: paths that are looked for and not there)."
	procs=$(grep -E '^[0-9]+ +open(at)?\("/proc/' "$OUT/strace.txt" | sed 's/^[0-9]* *open[at]*("\([^"]*\)".*/\1/' | sort | uniq -c | awk '{ printf "%s%s ×%s", sep, $2, $1; sep = ", " }')
	note "Suspect: files of /proc opened by path (libcap-ng's and the seal check's, each exec of the binary runs libcap-ng's constructor again): ${procs:-none}."
	pipes=$(grep -cE '^[0-9]+ +(read|write)\([0-9]+<pipe:' "$OUT/strace.txt" || true)
	sf=$(grep -E '^[0-9]+ +sendfile\(' "$OUT/strace.txt" | sed 's/.*= //' | tr '\n' ' ')
	note "Suspect: the sync pipes, $pipes reads and writes on pipes in all (the go, its read, the report pipe's end). The sealed copy: sendfile of $sf bytes (the whole binary), then execveat of the memfd."
else
	row "all syscalls" - calls "all syscalls"
	note "strace is not installed."
fi

# --- perf ---------------------------------------------------------------
section "CPU of a start (\`perf\`, the default build, $PERF_RUNS starts)"
printf 'columns\twhere\tshare of nsinit'"'"'s samples\t \n' >>"$RESULTS"
if need perf && perf stat -e task-clock true >/dev/null 2>&1; then
	perf_stat() {	# perf_stat NAME CMD...: a note of task-clock, switches, faults
		local name=$1
		shift
		perf stat -x, -r "$PERF_RUNS" -e task-clock,context-switches,cpu-migrations,page-faults \
			-o "$OUT/perf-stat-$name.txt" "$@" >/dev/null 2>&1 || { echo "$name: failed"; return; }
		awk -F, -v n="$name" '/task-clock/ { t = $1 } /context-switches/ { c = $1 }
			/cpu-migrations/ { m = $1 } /page-faults/ { f = $1 }
			END { printf "%s %.2f ms CPU, %d context switches, %d migrations, %d page faults", n, t, c, m, f }' \
			"$OUT/perf-stat-$name.txt"
	}
	s1=$(perf_stat nsinit "$OUT/init" -- /bin/true)
	s2=$(perf_stat bwrap bwrap --unshare-all --ro-bind "$ROOTFS" / --proc /proc --dev /dev /bin/true)
	s3=$(perf_stat crun crun --cgroup-manager=disabled run -b "$OUT/crun" nsinit-bench-crun)
	perf record -q -g -e cpu-clock -F 20000 -o "$OUT/perf.data" -- \
		sh -c "i=0; while [ \$i -lt $PERF_RUNS ]; do $OUT/init -- /bin/true; i=\$((i + 1)); done" \
		>/dev/null 2>&1 || true
	# the share of nsinit's samples (launcher, init, appliance: comm
	# memfd:nsinit, or init before the copy) under each syscall, callees
	# included; then user space (nsinit's own code)
	perf report -i "$OUT/perf.data" --children --sort sym -q -g none \
		--comm memfd:nsinit,init 2>/dev/null >"$OUT/perf-report.txt" || true
	perf report -i "$OUT/perf.data" --no-children --sort comm -q -g none \
		2>/dev/null | awk 'NF == 2' >"$OUT/perf-comm.txt" || true
	perf report -i "$OUT/perf.data" --no-children --sort dso -q -g none \
		--comm memfd:nsinit,init 2>/dev/null | awk 'NF >= 2' \
		>"$OUT/perf-dso.txt" || true
	# percentages of all samples, made shares of nsinit's own
	own=$(awk '$2 == "memfd:nsinit" || $2 == "init" { s += $1 } END { print s + 0 }' "$OUT/perf-comm.txt")
	share() { awk -v p="$1" -v o="$own" 'BEGIN { if (o > 0) printf "%.1f", 100 * p / o; else print "-" }'; }
	grep -E '\[k\] (__x64_sys_|__do_sys_|__se_sys_)' "$OUT/perf-report.txt" |
		sed 's/%//g; s/__x64_sys_//; s/__do_sys_//; s/__se_sys_//' |
		awk '{ if (!($4 in seen)) { seen[$4] = 1; print $4, $1 } }' |
		head -n 15 >"$OUT/perf-sys.txt"
	while read -r name pct; do
		row "$name" "$(share "$pct")" "%" -
	done <"$OUT/perf-sys.txt"
	pct=$(awk '$4 == "do_exit" { print $1; exit }' "$OUT/perf-report.txt" | tr -d %)
	row "do_exit (the exits, and what ends with them)" "$(share "${pct:-0}")" "%" -
	pct=$(awk '$2 != "[kernel.kallsyms]" { s += $1 } END { print s + 0 }' "$OUT/perf-dso.txt")
	row "user space (nsinit's own code, musl, libcap-ng)" "$(share "$pct")" "%" -
	note "perf record -g -e cpu-clock of $PERF_RUNS starts; of the loop's samples, nsinit's processes (launcher, init, appliance before its exec: comm memfd:nsinit, or init before the copy) have ${own} % ($(awk '{ printf "%s%s %s", sep, $2, $1; sep = ", " }' "$OUT/perf-comm.txt")). Each row: the share of nsinit's samples under that syscall, its callees included (clone3: the namespaces made; execveat: the re-exec of the copy; sendfile64: the copy; open: /proc/self/exe and libcap-ng's files; sendto: rtnetlink, the loopback), then under do_exit, then outside the kernel."
	note "perf stat, mean of $PERF_RUNS starts: $s1; $s2; $s3. Software events only: this machine's perf counts no hardware cycles."
else
	row "perf" - "%" -
	note "perf does not work here (missing, or refused by perf_event_paranoid)."
fi
