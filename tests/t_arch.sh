# SPDX-License-Identifier: MIT
# tier: cross
# A board's init, built here by `make ARCH=...` (build/ARCH/init, or O=):
# an ELF of that machine, static with no dynamic section, that runs under
# qemu-user and shows the same configuration as this machine's init built
# from the same config.h. `make check` builds them first (make cross);
# alone, the first test of an architecture builds its musl and libcap-ng
# (about a minute).

# arch_build ARCH CONFIG O: make ARCH=ARCH CONFIG=CONFIG O=O, quietly.
arch_build() {
	(cd "$TOP" && make -s ARCH="$1" CONFIG="$2" O="$3") >"$TEST_DIR/make.log" 2>&1 ||
		{ tail -n 20 "$TEST_DIR/make.log" >&2; fail "make ARCH=$1 failed"; }
}

# arch_print_config QEMU INIT: INIT --print-config under qemu-QEMU-static
# into PRINTED, the seccomp deny-list's numbers aside into DENY (they are
# that architecture's).
arch_print_config() {
	local out
	out=$("qemu-$1-static" "$2" --print-config)
	DENY=$(sed -n 's/^seccomp deny  *//p' <<<"$out")
	PRINTED=$(grep -v '^seccomp deny ' <<<"$out")
}

# arch_syscall ARCH NAME: NAME's number on ARCH, from the musl it was
# built with.
arch_syscall() {
	sed -n "s/^#define SYS_$2[[:space:]]\{1,\}\([0-9]\{1,\}\)$/\1/p" \
		"$TOP/build/$1/musl/include/bits/syscall.h"
}

# arch_check ARCH QEMU FILE_REGEX: builds config.h for ARCH and for this
# machine, checks the board's binary from outside and runs it.
arch_check() {
	local arch=$1 qemu=$2 machine=$3 init ftype dyn want host nr name
	cp "$TOP/config.h" "$TEST_DIR/config.h"
	arch_build "$arch" "$TEST_DIR/config.h" "$TEST_DIR/$arch"
	init=$TEST_DIR/$arch/init
	(cd "$TOP" && make -s CONFIG="$TEST_DIR/config.h" O="$TEST_DIR/host") \
		>"$TEST_DIR/make.log" 2>&1 || fail "make for this machine failed"
	host=$TEST_DIR/host/init

	ftype=$(file -b "$init")
	expect_match "$ftype" "$machine" "file type"
	expect_match "$ftype" 'statically linked' "file type"
	dyn=$(readelf -d "$init")
	expect_match "$dyn" 'no dynamic section' "readelf -d"

	want=$("$host" --version)
	expect_eq "$("qemu-$qemu-static" "$init" --version)" "$want" "--version"

	# the same configuration, read through a board's struct layouts
	arch_print_config "$qemu" "$init"
	want=$(grep -v '^seccomp deny ' <<<"$("$host" --print-config)")
	[ "$PRINTED" = "$want" ] ||
		fail "--print-config differs: $(diff <(echo "$want") <(echo "$PRINTED"))"
	# the deny-list holds this architecture's numbers
	for name in mount ptrace init_module bpf open_by_handle_at; do
		nr=$(arch_syscall "$arch" "$name")
		[ -n "$nr" ] || fail "no SYS_$name in $arch's musl"
		expect_match " $DENY " " $nr " "seccomp deny $name ($nr) on $arch"
	done
}

test_make_arch_aarch64_builds_a_static_aarch64_init_that_runs_under_qemu() {
	arch_check aarch64 aarch64 'ELF 64-bit LSB executable, ARM aarch64'
}

test_make_arch_armhf_builds_a_static_32_bit_arm_init_that_runs_under_qemu() {
	arch_check armhf arm 'ELF 32-bit LSB executable, ARM, EABI5'
}

test_make_arch_riscv64_builds_a_static_riscv64_init_that_runs_under_qemu() {
	arch_check riscv64 riscv64 'ELF 64-bit LSB executable, UCB RISC-V'
}

# musl 1.2 names armhf's calls with a 32-bit time_t *_time32: the filter
# must refuse them beside the time64 ones, or the clock is set through them.
test_armhf_s_deny_list_refuses_setting_the_clock_with_32_and_64_bit_time() {
	local name nr
	cp "$TOP/config.h" "$TEST_DIR/config.h"
	arch_build armhf "$TEST_DIR/config.h" "$TEST_DIR/armhf"
	arch_print_config arm "$TEST_DIR/armhf/init"
	for name in settimeofday_time32 clock_settime32 clock_settime64 \
		clock_adjtime clock_adjtime64 adjtimex; do
		nr=$(arch_syscall armhf "$name")
		[ -n "$nr" ] || fail "no SYS_$name in armhf's musl"
		expect_match " $DENY " " $nr " "seccomp deny $name ($nr)"
	done
}

# doc/boot.md's way: make ARCH=... CONFIG=my.h O=dir.
test_a_board_s_init_is_built_from_a_config_of_one_s_own() {
	local want
	sed 's/"nsinit-demo"/"board-7"/' "$TOP/config.h" >"$TEST_DIR/my.h"
	grep -q '"board-7"' "$TEST_DIR/my.h" || fail "config.h has no nsinit-demo hostname"
	arch_build aarch64 "$TEST_DIR/my.h" "$TEST_DIR/out"
	arch_print_config aarch64 "$TEST_DIR/out/init"
	want=$(grep '^hostname' <<<"$PRINTED")
	expect_match "$want" '^hostname +board-7$' "hostname of my.h"
}
