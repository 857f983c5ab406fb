# SPDX-License-Identifier: MIT
# memory.sh: resident memory (VmRSS) of PID 1 while it supervises a
# sleeping appliance. Sourced by run.sh.

section "PID 1 resident memory, supervising \`sleep 1000\`"

# rss_row NAME CMD...: starts CMD in the background; its child is the
# PID 1 of a new PID namespace, whose child runs sleep. Once sleep runs
# (a bounded poll, not a fixed wait), reads PID 1's VmRSS, then kills
# PID 1, which ends the namespace, and waits for CMD.
rss_row() {
	local name=$1 bg init='' app='' rss=''
	shift
	"$@" >/dev/null 2>&1 &
	bg=$!
	pid1_found() {
		# it ended (gone, or a zombie): sleep will never start
		grep -qs '^State:[[:space:]]*[RSD]' /proc/"$bg"/status || return 2
		init=$(children "$bg" | head -n 1)
		[ -n "$init" ] || return 1
		app=$(children "$init" | head -n 1)
		[ -n "$app" ] && comm_is "$app" sleep
	}
	if poll_for 5000 pid1_found; then
		rss=$(vmrss_kib "$init")
	fi
	[ -z "$init" ] || kill -KILL "$init" 2>/dev/null || true
	kill -KILL "$bg" 2>/dev/null || true
	wait "$bg" 2>/dev/null || true
	if [ -n "$rss" ]; then
		row "$name" "$rss" KiB nsinit
	else
		row "$name" - KiB nsinit
		note "$name: no sleep under its PID 1 (ended, or 5000 polls): \`$*\`"
	fi
}

rss_row nsinit "$OUT/init" -- /bin/sleep 1000
rss_row tini-static unshare --fork --pid --mount-proc \
	/usr/bin/tini-static -- sleep 1000
rss_row catatonit unshare --fork --pid --mount-proc \
	"$(command -v catatonit || echo catatonit)" -- sleep 1000
note "nsinit: the container's init (PID 1) of the start benchmark's build, its appliance \`/bin/sleep 1000\` as the user app; tini-static and catatonit: PID 1 of \`unshare --fork --pid --mount-proc PROGRAM -- sleep 1000\`."
target "nsinit PID 1 RSS ≤ 128 KiB" nsinit 128
