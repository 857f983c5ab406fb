# SPDX-License-Identifier: MIT
# scale.sh: SCALE_N containers started at once on this machine (bench/
# swarm.c): the time until every appliance runs, the resident memory of
# their PID 1s while they run, and what is left on the host after they
# end. nsinit (the start benchmark's build: its config.h with five
# namespaces), bubblewrap with tini-static as PID 1, crun; the appliance
# of each: sh -c 'echo ready; exec sleep 5', its line on stdout the sign
# that it runs (no sleep as synchronisation: swarm reads the N lines).
# Sourced by run.sh. Environment: BENCH_SCALE_N (200).

SCALE_N=${BENCH_SCALE_N:-200}
APP_SH='echo ready; exec sleep 5'

section "$SCALE_N containers at once: until all $SCALE_N appliances run (\`sh -c 'echo ready; exec sleep 5'\`)"
musl-gcc -static -Os -s -Wall -Wextra -Werror -std=c11 \
	-o "$OUT/swarm" bench/swarm.c
cp /usr/bin/tini-static "$ROOTFS/usr/bin/tini-static" 2>/dev/null || true

# host_state: what a container could leave behind, one "name count" a
# line: mounts here, pid, net, mnt namespaces of live processes, cgroups,
# links, processes below swarm's (none once it ended).
host_state() {
	echo "mounts $(wc -l </proc/self/mountinfo)"
	local ns
	for ns in pid net mnt; do
		echo "$ns-namespaces $(find /proc/[0-9]*/ns/$ns -maxdepth 0 -printf '%l\n' 2>/dev/null | sort -u | wc -l)"
	done
	echo "cgroups $(find /sys/fs/cgroup -type d 2>/dev/null | wc -l)"
	echo "links $(ip -o link 2>/dev/null | wc -l)"
	echo "containers $( (crun list -q 2>/dev/null || true) | grep -c nsinit-scale || true)"
}

# pid1_memory SWARM NSFILE: "rss_kib pss_kib count" of every PID 1 of a
# child PID namespace (NSpid's last field 1) below process SWARM; the
# namespaces they are in, one "nsfs link" a line, to NSFILE.
pid1_memory() {
	python3 - "$1" "$2" <<-'EOF2'
	import os, sys
	root = int(sys.argv[1])
	nsout = open(sys.argv[2], "w")
	parent, nspid = {}, {}
	for p in os.listdir("/proc"):
	    if not p.isdigit():
	        continue
	    try:
	        for line in open("/proc/%s/status" % p):
	            k, _, v = line.partition(":")
	            if k == "PPid":
	                parent[int(p)] = int(v)
	            elif k == "NSpid":
	                nspid[int(p)] = v.split()
	    except OSError:
	        pass
	def below(p):
	    while p in parent and p > 1:
	        p = parent[p]
	        if p == root:
	            return True
	    return False
	rss = pss = n = 0
	for p, ids in nspid.items():
	    if len(ids) > 1 and ids[-1] == "1" and below(p):
	        try:
	            for line in open("/proc/%d/smaps_rollup" % p):
	                k, _, v = line.partition(":")
	                if k == "Rss":
	                    rss += int(v.split()[0])
	                elif k == "Pss":
	                    pss += int(v.split()[0])
	            n += 1
	            for t in ("pid", "net", "mnt", "uts", "ipc"):
	                nsout.write(os.readlink("/proc/%d/ns/%s" % (p, t)) + "\n")
	        except OSError:
	            pass
	print(rss, pss, n)
	EOF2
}

# ns_alive NSFILE: how many of the namespaces in NSFILE something still
# holds: a process in it, an open fd, a bind mount of it here.
ns_alive() {
	python3 - "$1" <<-'EOF2'
	import os, re, sys
	want = set(open(sys.argv[1]).read().split())
	held = set()
	for p in os.listdir("/proc"):
	    if not p.isdigit():
	        continue
	    for d in ("ns", "fd"):
	        try:
	            for e in os.listdir("/proc/%s/%s" % (p, d)):
	                try:
	                    held.add(os.readlink("/proc/%s/%s/%s" % (p, d, e)))
	                except OSError:
	                    pass
	        except OSError:
	            pass
	for line in open("/proc/self/mountinfo"):
	    m = re.search(r" (\w+:\[\d+\]) ", line)
	    if m:
	        held.add(m.group(1))
	print(len(want & held), len(want))
	EOF2
}

# scale_run NAME CMD...: SCALE_N copies of CMD at once; rows of the time
# and memory tables are kept in scale_* until both sections are written.
declare -A scale_ready scale_rss scale_pss scale_left scale_ns scale_held
scale_run() {
	local name=$1 fifo=$OUT/scale.fifo line ready='' mem before after bg
	shift
	before=$(host_state)
	rm -f "$fifo" && mkfifo "$fifo"
	"$OUT/swarm" "$SCALE_N" "$@" >"$fifo" 2>"$OUT/scale-$name.err" &
	bg=$!
	exec 5<"$fifo"
	# swarm's first line comes once all N appliances said they run
	if read -r line <&5 && [ "${line%% *}" = ready ]; then
		ready=$(awk -v us="$(cut -d' ' -f2 <<<"$line")" 'BEGIN { printf "%.1f", us / 1000 }')
		[ "$(cut -d' ' -f4 <<<"$line")" = "$SCALE_N" ] || ready=
		mem=$(pid1_memory "$bg" "$OUT/scale-$name.ns")
	fi
	read -r line <&5 || line=
	exec 5<&-
	wait "$bg" 2>/dev/null || true
	after=$(host_state)
	scale_ready[$name]=${ready:--}
	if [ -n "${mem:-}" ] && [ "$(cut -d' ' -f3 <<<"$mem")" = "$SCALE_N" ]; then
		scale_rss[$name]=$(cut -d' ' -f1 <<<"$mem")
		scale_pss[$name]=$(cut -d' ' -f2 <<<"$mem")
	else
		scale_rss[$name]=- scale_pss[$name]=-
		note "$name: $(cut -d' ' -f3 <<<"${mem:-- - 0}") PID 1s found of $SCALE_N."
	fi
	# what differs between before and after
	scale_left[$name]=$(join <(sort <<<"$before") <(sort <<<"$after") |
		awk '$2 != $3 { printf "%s%s %+d", sep, $1, $3 - $2; sep = ", " }')
	if [ -s "$OUT/scale-$name.ns" ]; then
		read -r alive all < <(ns_alive "$OUT/scale-$name.ns")
		scale_ns[$name]="$alive of their $(sort -u "$OUT/scale-$name.ns" | wc -l) namespaces still held"
		scale_held[$name]=$alive
	fi
	[ -z "$ready" ] && note "**$name: not all $SCALE_N ran** ($line): \`$*\`: $(tail -n 2 "$OUT/scale-$name.err" | tr '\n' ' ')"
	[ "${line%% *}" = done ] && note "$name: all ended after $(awk -v us="$(cut -d' ' -f2 <<<"$line")" 'BEGIN { printf "%.2f", us / 1e6 }') s, $(cut -d' ' -f4 <<<"$line") of them with a status other than 0."
	return 0
}

load=$(cut -d' ' -f1 /proc/loadavg)
scale_run nsinit "$OUT/init" -- /bin/sh -c "$APP_SH"
if need bwrap tini-static; then
	scale_run bwrap+tini bwrap --unshare-all --ro-bind "$ROOTFS" / \
		--proc /proc --dev /dev --as-pid-1 /usr/bin/tini-static -- \
		/bin/sh -c "$APP_SH"
fi
if need crun; then
	oci_bundle crun "$OUT/scale-crun" /bin/sh -c "$APP_SH"
	# one id each: the copies share the bundle, crun wants distinct names
	cat >"$OUT/scale-crun.sh" <<-EOF
	#!/bin/sh
	exec crun --cgroup-manager=disabled run -b "$OUT/scale-crun" "nsinit-scale-\$\$"
	EOF
	chmod +x "$OUT/scale-crun.sh"
	scale_run crun "$OUT/scale-crun.sh"
fi
for n in nsinit bwrap+tini crun; do
	[ -n "${scale_ready[$n]:-}" ] && row "$n" "${scale_ready[$n]}" ms nsinit
done
load_note "$load"
note "bench/swarm.c forks the $SCALE_N copies at once and reads their stdout until $SCALE_N lines came: from before the first fork to the last line. nsinit: \`init -- /bin/sh -c '$APP_SH'\`, the start benchmark's build; bwrap+tini: \`bwrap --unshare-all --ro-bind ROOTFS / --proc /proc --dev /dev --as-pid-1 tini-static -- sh -c ...\` (tini-static from Debian as PID 1); crun: \`crun --cgroup-manager=disabled run\` through a two-line sh for a distinct id each, the appliance as PID 1, the same five namespaces."
target "nsinit the fastest to get $SCALE_N running (≤ bwrap+tini)" nsinit 1 bwrap+tini
target "nsinit the fastest to get $SCALE_N running (≤ crun)" nsinit 1 crun

section "$SCALE_N containers at once: the resident memory of their $SCALE_N PID 1s, summed"
for n in nsinit bwrap+tini crun; do
	[ -n "${scale_rss[$n]:-}" ] && row "$n" "${scale_rss[$n]}" KiB nsinit
done
pss=''
for n in nsinit bwrap+tini crun; do
	[ -n "${scale_pss[$n]:-}" ] && pss+="${pss:+, }$n ${scale_pss[$n]} KiB"
done
note "Rss of /proc/PID/smaps_rollup of each PID 1 (NSpid ending in 1, below swarm), read once all ran. Pss, pages shared between them counted once: $pss. nsinit's PID 1 runs from its own sealed memfd copy, which no other container shares; crun's PID 1 is the appliance itself (sh, then sleep), the peer without an init."
target "PID 1 memory of all $SCALE_N < 32 MiB" nsinit 32767
section "$SCALE_N containers at once: their namespaces still held once all ended"
for n in nsinit bwrap+tini crun; do
	[ -n "${scale_ready[$n]:-}" ] && row "$n" "${scale_held[$n]:--}" namespaces -
done
target "nothing of the $SCALE_N left behind" nsinit 0
left=''
for n in nsinit bwrap+tini crun; do
	[ -n "${scale_left[$n]+x}" ] && left+="${left:+; }$n: ${scale_ns[$n]:-namespaces not seen}, counts ${scale_left[$n]:-unchanged}"
done
note "Left behind once all ended: the namespaces (pid, net, mnt, uts, ipc) the PID 1s were in, still held by a process, an fd or a bind mount; and the host's counts before against after (mounts in this namespace, pid, net and mount namespaces of all live processes, cgroups, links, crun's containers: other work on the machine moves these): $left."
