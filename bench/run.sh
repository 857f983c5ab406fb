#!/bin/bash
# SPDX-License-Identifier: MIT
# run.sh: nsinit against its peers, side by side, in one run (`make bench`).
#   bench/run.sh [MEASUREMENT...]     default: start stages size memory scale net reap boot vm
# Each measurement is bench/NAME.sh, sourced in turn: it adds its section's
# rows to $RESULTS with the helpers of bench/lib.sh. Then report.py writes
# bench/results.md; start.sh also draws bench/start.svg, stages.sh
# bench/stages.svg.
# To add one: write bench/NAME.sh (section, row..., note, target) and add
# NAME to MEASUREMENTS below.
# Needs root, build/probe (make rootfs), ./init (make) and the peers
# (make bench-deps). Environment: BENCH_RUNS (400 per program), BENCH_ROUNDS (10),
# BENCH_WARMUP (5 per program and round); net.sh: BENCH_NET_RUNS (100),
# BENCH_NET_ROUNDS (5); reap.sh: BENCH_REAP_RUNS (10); boot.sh: BENCH_BOOTS (5);
# stages.sh: BENCH_STAGE_RUNS (200), BENCH_PERF_RUNS (200); scale.sh:
# BENCH_SCALE_N (200); vm.sh: BENCH_VM_BOOTS (5).
set -eu -o pipefail

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$TOP"

# crun refuses this machine's hybrid cgroup layout: the whole run happens in
# a private mount namespace where /sys/fs/cgroup is cgroup2 only.
if [ "${BENCH_PRIVATE_NS:-}" != 1 ]; then
	exec unshare -m --propagation private env BENCH_PRIVATE_NS=1 "$0" "$@"
fi
umount -R /sys/fs/cgroup 2>/dev/null || umount -R -l /sys/fs/cgroup 2>/dev/null || true
mount -t cgroup2 cgroup2 /sys/fs/cgroup

MEASUREMENTS=${*:-start stages size memory scale net reap boot vm}
BENCH_RUNS=${BENCH_RUNS:-400}
BENCH_WARMUP=${BENCH_WARMUP:-5}	# per program and round
BENCH_ROUNDS=${BENCH_ROUNDS:-10}
ROOTFS=$TOP/build/bench/rootfs	# its own: tests rebuild build/rootfs
OUT=$TOP/build/bench
RESULTS=$OUT/results.tsv
mkdir -p "$OUT"
: >"$RESULTS"
[ -x ./init ] || { echo "run.sh: no ./init: make" >&2; exit 1; }

# shellcheck source=bench/lib.sh
. bench/lib.sh

# What the measurements share: the busybox rootfs of the tests (built the
# same way, but where the tests running meanwhile do not rebuild it), nsinit
# built from the bench configuration (build/bench/init), the floor program.
busybox-test/rootfs.sh "$ROOTFS" build/probe
python3 bench/mkconfig.py config.h "$ROOTFS" "$OUT/config.h"
make -s CONFIG="$OUT/config.h" O="$OUT" >&2
musl-gcc -static -Os -s -Wall -Wextra -Werror -std=c11 \
	-o "$OUT/floor" bench/floor.c

machine() {
	printf 'machine\t%s\t%s\n' "$1" "$2" >>"$RESULTS"
}
machine Date "$(date -u '+%Y-%m-%d %H:%M UTC')"
machine Kernel "$(uname -srm)"
machine CPU "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), $(nproc) CPUs"
machine System "Debian $(cat /etc/debian_version 2>/dev/null || echo '?')"
machine "Load average" "$(cut -d' ' -f1-3 /proc/loadavg) at the start"
machine nsinit "$(./init --version)"	# with its commit (Makefile)

start=$(date +%s)
for m in $MEASUREMENTS; do
	# shellcheck source=/dev/null
	. "bench/$m.sh"
done
machine Duration "$(($(date +%s) - start)) s, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"

python3 bench/report.py "$RESULTS" >bench/results.md
echo "wrote bench/results.md" >&2
