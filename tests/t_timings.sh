# SPDX-License-Identifier: MIT
# Per-step timings (lib/lap.h): `make TIMINGS=1` prints one line per step
# of the launcher, of init's setup table and of the appliance's table, each
# with its microseconds; the default build prints none. Seen from outside:
# the lines on stderr, against the rows of init.c's tables.
. "$TOP/tests/configs.sh"

# timings_init: the base appliance built with TIMINGS=1, in
# build/tests/timings (INIT).
timings_init() {
	use_config base
	local dir=build/tests/timings base=${INIT%/init}/config.h
	mkdir -p "$TOP/$dir"
	cmp -s "$base" "$TOP/$dir/config.h" || cp "$base" "$TOP/$dir/config.h"
	(cd "$TOP" && make -s TIMINGS=1 CONFIG="$dir/config.h" O="$dir") ||
		fail "make TIMINGS=1 failed"
	INIT=$TOP/$dir/init
}

# table_rows NAME: the names of the rows of init.c's stage table NAME, in
# order, one a line.
table_rows() {
	sed -n "/^static const struct stage $1\[\] = {/,/^};/p" "$TOP/init.c" |
		sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*/\1/p'
}

# timed WHERE: the step names of WHERE's timing lines in $ERR, in order.
timed() {
	sed -n "s/^nsinit-time: $1 \([a-z-]*\)=[0-9]*us end=[0-9]*us\$/\1/p" <<<"$ERR"
}

test_a_timings_build_prints_each_setup_row_once_with_its_microseconds() {
	timings_init
	run_init "$INIT" -- /usr/bin/probe hostname
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer hostname)" nsinit-test "the appliance ran as ever"
	local rows
	rows=$(table_rows setup)
	[ "$(wc -l <<<"$rows")" -ge 10 ] || fail "init.c's setup table not found: $rows"
	expect_eq "$(timed setup)" "$rows" "setup rows timed, in the table's order"
	rows=$(table_rows appliance)
	[ "$(wc -l <<<"$rows")" -ge 5 ] || fail "init.c's appliance table not found: $rows"
	expect_eq "$(timed appliance)" "$rows" "appliance rows timed, in order"
}

test_a_timings_build_times_the_launcher_steps_and_nothing_else_is_on_stderr() {
	timings_init
	run_init "$INIT" -- /usr/bin/probe hostname
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(timed launcher | tr '\n' ' ')" \
		"config signals pipes cgroup clone net maps go wait net-down cgroup-rm " \
		"launcher steps"
	expect_eq "$(timed init | tr '\n' ' ')" "go fork appliance exit " "init's own"
	# the launcher's main twice: before and after the sealed copy
	expect_eq "$(grep -cx 'nsinit-time: launcher main end=[0-9]*us' <<<"$ERR")" 2 \
		"main before and after the copy"
	local other
	other=$(grep -v '^nsinit-time: ' <<<"$ERR" || true)
	expect_eq "$other" "" "stderr but the timing lines"
	# the ends are one clock: each step ends after the launcher's first main
	local first
	first=$(sed -n '1s/^nsinit-time: launcher main end=\([0-9]*\)us$/\1/p' <<<"$ERR")
	[ -n "$first" ] || fail "the first line is not the launcher's main: $ERR"
	awk -v f="$first" -F'end=' '{ sub(/us$/, "", $2); if ($2 + 0 < f) exit 1 }' \
		<<<"$ERR" || fail "a step ended before the launcher began: $ERR"
}

test_the_default_build_prints_no_timing_line() {
	use_config base
	strings "$INIT" | grep -q 'nsinit-time: %s %s' &&
		fail "the timing code is in the default build"
	run_init "$INIT" -- /usr/bin/probe hostname
	expect_eq "$STATUS" 0 "status"
	expect_eq "$ERR" "" "stderr"
}
