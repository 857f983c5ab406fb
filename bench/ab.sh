#!/bin/bash
# SPDX-License-Identifier: MIT
# ab.sh REV: the start of this tree's nsinit against the one of git
# revision REV, side by side in one run (both built from the benchmark's
# configuration: the default config.h, as bench/run.sh builds it), as the
# start benchmark measures: /bin/true in new mnt, pid, uts, ipc and net
# namespaces. Prints both medians, 10th percentiles and the ratio. For a
# change that must not slow the start: `make bench-deps rootfs all`, then
# bench/ab.sh main (or the commit before the change).
# Environment: BENCH_RUNS (400 each), BENCH_ROUNDS (10).
set -eu -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"
rev=${1:?usage: bench/ab.sh REV}
runs=${BENCH_RUNS:-400} rounds=${BENCH_ROUNDS:-10}
OUT=$TOP/build/bench/ab
ROOTFS=$TOP/build/bench/rootfs
mkdir -p "$OUT"
busybox-test/rootfs.sh "$ROOTFS" build/probe >/dev/null
python3 bench/mkconfig.py config.h "$ROOTFS" "$OUT/config.h"

# REV's tree, built with the same configuration and the same libcap-ng
tree=$OUT/tree
rm -rf "$tree" && mkdir -p "$tree"
git archive "$rev" | tar -x -C "$tree"
mkdir -p "$tree/build" && cp -a build/capng build/kh "$tree/build/"
rm -rf "$OUT/a"	# git archive dates its files: make must not trust an old one
make -s -C "$tree" CONFIG="$OUT/config.h" O="$OUT/a" >&2
make -s CONFIG="$OUT/config.h" O="$OUT/b" >&2

# each round the other one first: what goes first pays for it (a bias
# of some percent here, measured with the same tree on both sides)
for r in $(seq "$rounds"); do
	order="a b"
	[ $((r % 2)) = 0 ] && order="b a"
	for v in $order; do
		hyperfine -N --style none --warmup 5 --runs $((runs / rounds)) \
			--export-json "$OUT/$v-$r.json" "$OUT/$v/init -- /bin/true" \
			>/dev/null
	done
done
python3 - "$OUT" "$rev" "$rounds" <<'PY'
import json, statistics, sys
out, rev, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def times(v):
    t = []
    for r in range(1, rounds + 1):
        t += json.load(open("%s/%s-%d.json" % (out, v, r)))["results"][0]["times"]
    return sorted(t)
a, b = times("a"), times("b")
for name, t in ((rev, a), ("this tree", b)):
    print("%-10s median %.3f ms, 10th percentile %.3f ms (%d runs)" % (
        name, statistics.median(t) * 1e3, t[len(t) // 10] * 1e3, len(t)))
print("ratio this tree / %s: median %.3f, 10th percentile %.3f" % (
    rev, statistics.median(b) / statistics.median(a), b[len(b) // 10] / a[len(a) // 10]))
PY
