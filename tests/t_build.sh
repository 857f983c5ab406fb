# The build as image builders and packagers use it: reproducible bytes,
# what --version and --print-config say, make install and make dist, and
# the Buildroot and Yocto recipes of contrib/ run as their tools would run
# them (neither tool is on this machine: their own lines are run here).

# has_symbols FILE: whether it has a symbol table (grep reads all of
# readelf's output: with -q, pipefail would see readelf's SIGPIPE)
has_symbols() {
	readelf -S "$1" | grep -c '\.symtab' >/dev/null
}

# build_copy DIR: the tree's files (tracked and untracked, not ignored),
# without .git, as a tarball or an image builder's copy has them.
build_copy() {
	mkdir -p "$1"
	(cd "$TOP" && git ls-files -z -co --exclude-standard |
		tar --null -T - --ignore-failed-read -cf - 2>/dev/null) |
		tar -xf - -C "$1"
	[ -f "$1/Makefile" ] || fail "build_copy $1: no Makefile"
}

# Two copies of the source in two directories, built one after the other
# with two O=: the same bytes, stripped or not, and no path or host name.
test_two_builds_in_two_directories_give_the_same_bytes() {
	local a=$TEST_DIR/first/nsinit b=$TEST_DIR/second-copy/src/x f
	local host
	host=$(hostname)
	build_copy "$a"
	build_copy "$b"
	make -s -C "$a" B="$TOP/build" O="$TEST_DIR/out-a" >&2
	make -s -C "$b" B="$TOP/build" O="$TEST_DIR/o/b" >&2
	cmp "$TEST_DIR/out-a/init" "$TEST_DIR/o/b/init" ||
		fail "two builds of the same source differ"
	make -s -C "$a" B="$TOP/build" O="$TEST_DIR/out-a" STRIP= >&2
	make -s -C "$b" B="$TOP/build" O="$TEST_DIR/o/b" STRIP= >&2
	has_symbols "$TEST_DIR/o/b/init" ||
		fail "STRIP= left no symbols"
	cmp "$TEST_DIR/out-a/init" "$TEST_DIR/o/b/init" ||
		fail "two unstripped builds of the same source differ"
	for f in "$TEST_DIR/out-a/init" "$TEST_DIR/o/b/init"; do
		! grep -qaF -e "$TEST_DIR" -e "$TOP" -e first/nsinit \
			-e second-copy "$f" || fail "$f holds a build path"
		# a short host name ("vm") is found in any binary by chance
		[ "${#host}" -lt 5 ] || ! grep -qaF "$host" "$f" ||
			fail "$f holds the host name $host"
	done
}

# --version: the version, and the commit when built from git; the config's
# sha256 is --print-config's last line, the lines before it unchanged.
test_version_says_the_commit_and_print_config_the_config_s_sha256() {
	local want commit copy=$TEST_DIR/copy
	make -s -C "$TOP" O="$TEST_DIR/git" >&2
	commit=$(git -C "$TOP" rev-parse --short HEAD)
	git -C "$TOP" diff --quiet HEAD || commit+=", modified"
	run_init "$TEST_DIR/git/init" --version
	expect_eq "$OUT" "nsinit 0.1 ($commit)" "--version from git"
	build_copy "$copy"
	make -s -C "$copy" B="$TOP/build" >&2
	run_init "$copy/init" --version
	expect_eq "$OUT" "nsinit 0.1" "--version without .git"
	run_init "$copy/init" --print-config
	want="config sha256 $(sha256sum <"$copy/config.h" | cut -d' ' -f1)"
	expect_eq "$(tail -n 1 <<<"$OUT")" "$want" "--print-config's last line"
	expect_match "$OUT" $'^rootfs +build/rootfs\nnamespaces ' "its first lines"
}

# make install: init as $(SBINDIR)/nsinit, the man pages in $(MANDIR);
# stripped as the default build (the size of today's), or not with STRIP=.
test_make_install_puts_nsinit_and_its_man_pages_where_asked() {
	local d=$TEST_DIR/root
	make -s -C "$TOP" O="$TEST_DIR/o" DESTDIR="$d" PREFIX=/usr install >&2
	cmp "$d/usr/sbin/nsinit" "$TEST_DIR/o/init" || fail "installed init"
	! has_symbols "$d/usr/sbin/nsinit" ||
		fail "the default build is not stripped"
	cmp "$d/usr/share/man/man8/nsinit.8" contrib/man/nsinit.8
	cmp "$d/usr/share/man/man5/nsinit.conf.5" contrib/man/nsinit.conf.5
	make -s -C "$TOP" O="$TEST_DIR/o" DESTDIR="$d" SBINDIR=/sbin \
		MANDIR=/man STRIP= install >&2
	has_symbols "$d/sbin/nsinit" ||
		fail "STRIP= installed a stripped init"
	[ -f "$d/man/man5/nsinit.conf.5" ] || fail "MANDIR= not followed"
}

# make dist: nsinit-VERSION.tar.gz of HEAD and its sha256, the same bytes
# twice; unpacked, it builds (with this tree's libcap-ng: B=) an init
# whose --version is the version alone.
test_make_dist_makes_a_tarball_that_builds() {
	local d=$TEST_DIR/dist tree
	make -s -C "$TOP" dist O="$d" >&2 2>/dev/null
	(cd "$d" && sha256sum -c --quiet nsinit-0.1.tar.gz.sha256) ||
		fail "the .sha256 does not check"
	cp "$d/nsinit-0.1.tar.gz" "$TEST_DIR/first.tar.gz"
	make -s -C "$TOP" dist O="$d" >&2 2>/dev/null
	cmp "$d/nsinit-0.1.tar.gz" "$TEST_DIR/first.tar.gz" ||
		fail "make dist twice gives two tarballs"
	tar -xzf "$d/nsinit-0.1.tar.gz" -C "$d"
	tree=$d/nsinit-0.1
	[ -f "$tree/init.c" ] && [ ! -e "$tree/build" ] ||
		fail "the tarball's tree: $(ls "$tree")"
	make -s -C "$tree" B="$TOP/build" >&2
	run_init "$tree/init" --version
	expect_eq "$OUT" "nsinit 0.1" "the tarball's --version"
}
