# SPDX-License-Identifier: MIT
# reap.sh: PID 1 reaping a burst of orphans. The appliance (tests/probe.c,
# `probe orphans:10000 zombies`) forks a child that forks 10,000 children
# exiting at once and exits itself, so that PID 1 inherits 10,000 zombies;
# then it polls /proc (every 10 ms) until no zombie is left in its PID
# namespace, at most 10 s, and prints how many are. The figure is the wall
# time of the whole run, start to exit: nsinit's container init against
# tini-static and catatonit as PID 1 of `unshare --fork --pid --mount-proc`.
# Sourced by run.sh.

REAP_N=10000
REAP_RUNS=${BENCH_REAP_RUNS:-10}

section "Reaping $REAP_N orphans as PID 1: wall time of the whole run (median of $REAP_RUNS runs)"

reap_names=() reap_cmds=()
reap_add() {	# reap_add NAME CMD...
	reap_names+=("$1")
	shift
	reap_cmds+=("$*")
}
reap_add nsinit "$OUT/init" -- /usr/bin/probe "orphans:$REAP_N" zombies
reap_add tini-static unshare --fork --pid --mount-proc /usr/bin/tini-static \
	-- "$TOP/build/probe" "orphans:$REAP_N" zombies
reap_add catatonit unshare --fork --pid --mount-proc \
	"$(command -v catatonit || echo catatonit)" \
	-- "$TOP/build/probe" "orphans:$REAP_N" zombies

# reap_once I: runs program I once; appends "wall user+system" (s) to
# $OUT/reap-I.times and the zombies it left (or "fail") to $OUT/reap-I.zombies.
reap_once() {
	local i=$1 t z TIMEFORMAT='%3R %3U %3S'
	# shellcheck disable=SC2086 # the command was joined from plain words
	{ time ${reap_cmds[i]} >"$OUT/reap-$i.out" 2>"$OUT/reap-$i.err"; } \
		2>"$OUT/reap-$i.time" || true
	read -r -a t <"$OUT/reap-$i.time"
	z=$(sed -n 's/^zombies=\([0-9]*\)$/\1/p' "$OUT/reap-$i.out")
	if ! grep -qx "orphans:$REAP_N=$REAP_N" "$OUT/reap-$i.out" || [ -z "$z" ]; then
		echo fail >>"$OUT/reap-$i.zombies"
		return
	fi
	echo "$z" >>"$OUT/reap-$i.zombies"
	awk -v r="${t[0]}" -v u="${t[1]}" -v s="${t[2]}" \
		'BEGIN { print r, u + s }' >>"$OUT/reap-$i.times"
}

load=$(cut -d' ' -f1 /proc/loadavg)
rm -f "$OUT"/reap-*
for i in "${!reap_names[@]}"; do	# a warm-up run each, not counted
	reap_once "$i"
	rm -f "$OUT/reap-$i.times" "$OUT/reap-$i.zombies"
done
# Round after round, each program in turn, as start.sh does.
for ((r = 1; r <= REAP_RUNS; r++)); do
	for i in "${!reap_names[@]}"; do
		reap_once "$i"
	done
done

cpu='' best='' left=''
for i in "${!reap_names[@]}"; do
	name=${reap_names[i]}
	wall=$(cut -d' ' -f1 "$OUT/reap-$i.times" 2>/dev/null | median)
	row "$name" "$(awk -v s="$wall" 'BEGIN { if (s == "-") print "-"; else printf "%.1f", s * 1000 }')" ms nsinit
	cpu+="${cpu:+, }$name $(cut -d' ' -f2 "$OUT/reap-$i.times" 2>/dev/null | median | awk '$1 != "-" { $1 = sprintf("%.3f", $1) } 1')"
	best+="${best:+, }$name $(cut -d' ' -f1 "$OUT/reap-$i.times" 2>/dev/null | sort -g | head -n 1)"
	fails=$(grep -c fail "$OUT/reap-$i.zombies" || true)
	dirty=$(grep -v fail "$OUT/reap-$i.zombies" | grep -vcx 0 || true)
	most=$(grep -v fail "$OUT/reap-$i.zombies" | sort -n | tail -n 1)
	if [ "$fails" != 0 ]; then
		note "**$name failed in $fails of $REAP_RUNS runs** (no \`orphans:$REAP_N=$REAP_N\` and \`zombies=N\` lines; left out): \`${reap_cmds[i]}\`: $(tail -n 3 "$OUT/reap-$i.err" | tr '\n' ' ')"
	fi
	if [ "$dirty" != 0 ]; then
		left+="${left:+, }**$name left zombies after $dirty of $REAP_RUNS runs (up to $most, 10 s after the burst)**"
	else
		left+="${left:+, }$name 0"
	fi
done
note "Zombies left when the probe gave up or saw none (\`zombies=\` of every run): $left."
note "Fastest run (s): $best. CPU time of the whole run (user + system, median, s; it includes the 10,000 forks and exits, charged to whoever reaps them): $cpu."
load_note "$load"
note "Wall time from bash's \`time\`, one warm-up run each first. nsinit: \`init -- /usr/bin/probe orphans:$REAP_N zombies\`, the start benchmark's build (its launcher and five namespaces, the appliance as user app); tini-static, catatonit: \`unshare --fork --pid --mount-proc PROGRAM -- build/probe orphans:$REAP_N zombies\` (PID and mount namespaces only). The start of the empty container is a few ms of each figure (see the start table): the rest is the forks, the reaping and the probe's polls of /proc, which see every zombie still there, at 10 ms steps."
