# SPDX-License-Identifier: MIT
# lib.sh: what the measurements share, sourced by bench/run.sh before them.
#
# A measurement is a file bench/NAME.sh listed in run.sh's MEASUREMENTS. It
# starts a section, then adds rows, notes and targets to $RESULTS; report.py
# turns that file into bench/results.md. A measurement never fails the run:
# what cannot be measured is a row without a value and a note saying why.

# section TITLE: the rows that follow form one table, titled TITLE.
section() {
	printf 'section\t%s\n' "$1" >>"$RESULTS"
	echo "== $1" >&2
}

# row NAME VALUE UNIT REFERENCE: one figure. REFERENCE is the NAME of the
# row of this section it is compared to (its ratio column), or - for none.
# VALUE - means not measured: add a note saying why.
row() {
	printf 'row\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$RESULTS"
	printf '   %-28s %12s %s\n' "$1" "$2" "$3" >&2
}

# note TEXT: a line under the section's table.
note() {
	printf 'note\t%s\n' "$1" >>"$RESULTS"
	echo "   note: $1" >&2
}

# target TEXT NAME LIMIT [OTHER]: reported, never asserted. Met when NAME's
# value is at most LIMIT, or at most LIMIT times OTHER's value when given.
target() {
	printf 'target\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$RESULTS"
}

# need CMD...: true when every CMD is installed; otherwise says which is not.
need() {
	local c
	for c; do
		command -v "$c" >/dev/null 2>&1 || { echo "   missing: $c" >&2; return 1; }
	done
}

# poll_for TRIES CMD...: runs CMD until it succeeds, at most TRIES times,
# pausing 1 ms between tries (no fixed sleep: the loop is the bound); gives
# up at once when CMD returns 2.
poll_for() {
	local n=$1 rc
	shift
	while ((n-- > 0)); do
		rc=0
		"$@" || rc=$?
		case $rc in 0) return 0 ;; 2) return 1 ;; esac
		sleep 0.001
	done
	return 1
}

# children PID: the PIDs of PID's children, one a line.
children() {
	local t
	for t in /proc/"$1"/task/*/children; do
		[ -r "$t" ] && tr ' ' '\n' <"$t"
	done | sed '/^$/d'
}

# comm_is PID NAME: true when process PID is running NAME.
comm_is() {
	[ "$(cat /proc/"$1"/comm 2>/dev/null)" = "$2" ]
}

# vmrss_kib PID: the resident set size of PID in KiB.
vmrss_kib() {
	awk '$1 == "VmRSS:" { print $2 }' /proc/"$1"/status
}

# median: the median of the numbers on stdin, one a line; - when none.
median() {
	sort -g | awk '{ v[NR] = $1 }
		END { if (!NR) print "-"
		      else if (NR % 2) print v[(NR + 1) / 2]
		      else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# load_note BEFORE: notes the load average (1 min) BEFORE the section's
# runs and now, and says so plainly when the machine was busy.
load_note() {
	local now
	now=$(cut -d' ' -f1 /proc/loadavg)
	if awk -v a="$1" -v b="$now" -v n="$(nproc)" \
		'BEGIN { exit !(a > n / 2 || b > n / 2) }'; then
		note "**The machine was busy** (load average $1 before, $now after, $(nproc) CPUs): the figures carry others' load."
	else
		note "Load average $1 before, $now after ($(nproc) CPUs)."
	fi
}

# oci_bundle RUNTIME DIR CMD [ARG...]: an OCI bundle for crun or runc, from
# the runtime's own `spec`, then edited: CMD, no terminal, $ROOTFS
# read-only, the namespaces mount pid uts ipc network, no rlimits and no
# resources (crun refuses them here; runc gets the same config, so that
# both do the same work).
oci_bundle() {
	local rt=$1 dir=$2
	shift 2
	rm -rf "$dir" && mkdir -p "$dir"
	(cd "$dir" && "$rt" spec)
	python3 - "$dir/config.json" "$ROOTFS" "$@" <<-'EOF'
	import json, sys
	path, rootfs, args = sys.argv[1], sys.argv[2], sys.argv[3:]
	c = json.load(open(path))
	c["process"].update(args=args, terminal=False)
	c["process"].pop("rlimits", None)
	c["linux"].pop("resources", None)
	c["root"] = {"path": rootfs, "readonly": True}
	keep = ["mount", "pid", "uts", "ipc", "network"]
	c["linux"]["namespaces"] = [{"type": t} for t in keep]
	json.dump(c, open(path, "w"), indent=1)
	EOF
}
