# SPDX-License-Identifier: MIT
# start.sh: start time of a container running /bin/true in new mount, PID,
# UTS, IPC and network namespaces on the busybox rootfs: hyperfine medians,
# each program against nsinit. Sourced by run.sh; also draws bench/start.svg.

section "Start: /bin/true in new mnt, pid, uts, ipc, net namespaces (median of $BENCH_RUNS runs in $BENCH_ROUNDS rounds)"

# start_row NAME CMD...: adds CMD to the programs time_all times, once it
# has checked that CMD runs; if it does not, notes why.
names=() cmds=()
start_row() {
	local name=$1 err=$OUT/start-$1.err
	shift
	names+=("$name") cmds+=("$*")
	if ! "$@" >/dev/null 2>"$err"; then
		cmds[-1]=
		note "$name did not run: \`$*\`: $(tail -n 3 "$err" | tr '\n' ' ')"
	fi
}

# time_all: BENCH_ROUNDS rounds, each timing every program in turn
# (hyperfine -N splits the command itself: no shell in the figure), so
# that a burst of load elsewhere on the machine hits all of them alike;
# the median is that of all the runs of all rounds.
time_all() {
	local r i n=$((BENCH_RUNS / BENCH_ROUNDS))
	rm -f "$OUT"/start-*.json
	for ((r = 1; r <= BENCH_ROUNDS; r++)); do
		for i in "${!names[@]}"; do
			[ -n "${cmds[i]}" ] || continue
			hyperfine -N --style none --warmup "$BENCH_WARMUP" \
				--runs "$n" --export-json \
				"$OUT/start-${names[i]}-$r.json" "${cmds[i]}" \
				>/dev/null 2>>"$OUT/hyperfine.log" || {
				rm -f "$OUT/start-${names[i]}-$r.json"
				note "${names[i]} failed in round $r (build/bench/hyperfine.log says why): round left out."
			}
		done
	done
	local fig p10='' cpu=''
	for i in "${!names[@]}"; do
		if [ -z "${cmds[i]}" ] ||
		   ! compgen -G "$OUT/start-${names[i]}-*.json" >/dev/null; then
			row "${names[i]}" - ms nsinit
			continue
		fi
		# median, 10th percentile, mean CPU time (user + system)
		read -r -a fig < <(python3 - "$OUT/start-${names[i]}"-*.json <<-'EOF'
		import json, statistics, sys
		r = [json.load(open(f))["results"][0] for f in sys.argv[1:]]
		t = sorted(x for d in r for x in d["times"])
		cpu = statistics.mean(x["user"] + x["system"] for x in r)
		print("%.3f %.2f %.2f" % (statistics.median(t) * 1000,
					  t[len(t) // 10] * 1000, cpu * 1000))
		EOF
		)
		row "${names[i]}" "${fig[0]}" ms nsinit
		p10+="${p10:+, }${names[i]} ${fig[1]}"
		cpu+="${cpu:+, }${names[i]} ${fig[2]}"
	done
	note "10th percentile (ms), less sensitive to load elsewhere on the machine: $p10."
	note "CPU time per start (user + system, mean, ms): $cpu."
}

# Both runtimes delete the container when `run` returns (runc: unless
# --keep; crun: unless -d), so one id per runtime is reused run after run;
# that nothing is left over is checked below.
have_oci=true
need crun runc || have_oci=false
if $have_oci; then
	oci_bundle crun "$OUT/crun" /bin/true
	oci_bundle runc "$OUT/runc" /bin/true
	crun delete -f nsinit-bench-crun >/dev/null 2>&1 || true
	runc delete -f nsinit-bench-runc >/dev/null 2>&1 || true
fi
: >"$OUT/hyperfine.log"

start_row floor "$OUT/floor" "$ROOTFS" /bin/true
start_row nsinit "$OUT/init" -- /bin/true
if need bwrap; then
	start_row bwrap bwrap --unshare-all --ro-bind "$ROOTFS" / \
		--proc /proc --dev /dev /bin/true
fi
if $have_oci; then
	start_row crun crun --cgroup-manager=disabled run \
		-b "$OUT/crun" nsinit-bench-crun
	start_row crun+cgroup crun run -b "$OUT/crun" nsinit-bench-crun
	start_row runc runc run -b "$OUT/runc" nsinit-bench-runc
fi
load=$(cut -d' ' -f1 /proc/loadavg)
time_all
if awk -v a="$load" -v b="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" \
	'BEGIN { exit !(a > n / 2 || b > n / 2) }'; then
	note "**The machine was busy** (load average $load before, $(cut -d' ' -f1 /proc/loadavg) after, $(nproc) CPUs): the medians and their ratios carry others' load; the 10th percentiles and CPU times are the steadier figures."
fi
if $have_oci; then
	left=$( (crun list -q; runc list -q) 2>/dev/null | grep -c nsinit-bench || true)
	left_cg=$(find /sys/fs/cgroup -maxdepth 3 -type d -name 'nsinit-bench*' | wc -l)
	note "crun and runc left $left containers and $left_cg cgroups behind after $((BENCH_ROUNDS * BENCH_WARMUP + BENCH_RUNS)) runs each."
fi

note "floor: bench/floor.c, clone + pivot_root + mount /proc + exec, nothing else. nsinit: \`init -- /bin/true\`, the default config.h sequence (launcher, then as PID 1: rootfs bind, /proc, /sys, /dev, the bind mount, pivot_root, read-only root, loopback, hostname, the user app with its caps) with the five namespaces above."
note "bwrap $(bwrap --version 2>/dev/null | awk '{print $2}'): \`--unshare-all --ro-bind ROOTFS / --proc /proc --dev /dev\`; --unshare-all also makes user and cgroup namespaces."
if $have_oci; then
	note "crun $(crun --version | awk 'NR == 1 {print $3}'): \`crun --cgroup-manager=disabled run\`; crun+cgroup: \`crun run\`, making and removing a cgroup v2 group; runc $(runc --version | awk 'NR == 1 {print $3}'): \`runc run\` (cgroup v2, which it cannot turn off). All inside a private mount namespace with only cgroup2 on /sys/fs/cgroup."
fi
target "nsinit start ≤ 1.4 × floor" nsinit 1.4 floor
target "nsinit start ≤ 0.5 × bwrap" nsinit 0.5 bwrap
target "nsinit start ≤ 0.25 × crun" nsinit 0.25 crun

# The chart: every start median that was measured, fastest first.
python3 bench/report.py --data "$RESULTS" "Start:" >"$OUT/start.dat"
gnuplot <<EOF
set terminal svg size 640,360 font "sans,12" background rgb "white"
set output "bench/start.svg"
set title "Start of /bin/true in new namespaces (median, ms)"
set style fill solid 0.85 border -1
set boxwidth 0.6
set yrange [0:*]
set offsets 0.5, 0.5, graph 0.1, 0
set grid ytics
unset key
plot "$OUT/start.dat" using 0:2:(stringcolumn(1) eq "nsinit" ? 0xcc5522 : \
	0x4477aa):xtic(1) with boxes linecolor rgb variable, \
     "" using 0:2:(sprintf("%.2f", \$2)) with labels offset 0,0.8
EOF
echo "wrote bench/start.svg" >&2
