# SPDX-License-Identifier: MIT
# tier: cross
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
	cmp "$d/usr/share/man/man8/nsinit.8" doc/nsinit.8
	cmp "$d/usr/share/man/man5/nsinit.conf.5" doc/nsinit.conf.5
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

# The image builders' recipes, run with each board's compiler as the
# image builder's own: Debian's cross gcc made a musl compiler by
# build/ARCH/musl's specs, the kernel's headers of build/ARCH/kh as its
# sysroot has them, build/ARCH/capng's libcap-ng as its staging directory.
declare -A TRIPLETS=([aarch64]=aarch64-linux-gnu [armhf]=arm-linux-gnueabihf
	[riscv64]=riscv64-linux-gnu)
declare -A MACHINES=([aarch64]=AArch64 [armhf]=ARM [riscv64]=RISC-V)
declare -A QEMUS=([aarch64]=aarch64 [armhf]=arm [riscv64]=riscv64)

# builder_toolchain ARCH DIR: CROSS_CC, and DIR/usr with libcap-ng.
builder_toolchain() {
	local a=$1 b=$TOP/build/$1
	[ -f "$b/musl/musl.specs" ] && [ -f "$b/capng/lib/libcap-ng.a" ] ||
		fail "build/$a is not built (make ARCH=$a)"
	CROSS_CC="${TRIPLETS[$a]}-gcc -specs=$b/musl/musl.specs -isystem $b/kh"
	mkdir -p "$2/usr/include" "$2/usr/lib"
	cp "$b/capng/include/cap-ng.h" "$2/usr/include/"
	cp "$b/capng/lib/libcap-ng.a" "$2/usr/lib/"
}

# expect_installed ARCH ROOT CONFIG: ROOT/usr/sbin/nsinit is ARCH's,
# unstripped (the builder strips), built from CONFIG; the man pages are
# there.
expect_installed() {
	local a=$1 root=$2 config=$3 bin=$2/usr/sbin/nsinit
	[ -x "$bin" ] || fail "$a: no $bin"
	expect_match "$(readelf -h "$bin")" "Machine: +${MACHINES[$a]}" "$a: machine"
	! readelf -l "$bin" | grep -c INTERP >/dev/null || fail "$a: not static"
	has_symbols "$bin" || fail "$a: stripped, with STRIP="
	run_init "qemu-${QEMUS[$a]}-static" "$bin" --print-config
	expect_eq "$(tail -n 1 <<<"$OUT")" \
		"config sha256 $(sha256sum <"$config" | cut -d' ' -f1)" "$a: config"
	cmp "$root/usr/share/man/man8/nsinit.8" doc/nsinit.8
	cmp "$root/usr/share/man/man5/nsinit.conf.5" doc/nsinit.conf.5
}

# Buildroot: contrib/buildroot's external.mk and nsinit.mk, read by make
# with what Buildroot defines around them; the source copied as Buildroot
# copies a local site (rsync with the package's exclusions, from this very
# tree, build/ and all), then the package's build and install commands.
# The version names the config.h (an edited one is a new build), and with
# BR2_PACKAGE_NSINIT_INIT nsinit is /sbin/init and /init.
test_the_buildroot_package_builds_and_installs_for_each_board() {
	local a d src config=$TEST_DIR/my-config.h v1 v2 init
	sed 's/"nsinit-demo"/"br-board"/' config.h >"$config"
	# make with the harness of board $a in $d, BR2_PACKAGE_NSINIT_INIT=$init
	br_make() {
		make -s -f "$d/harness.mk" TOP="$TOP" BUILD_DIR="$d/build" \
			BR2_PACKAGE_NSINIT_CONFIG="\"$config\"" \
			BR2_PACKAGE_NSINIT_INIT=$init TARGET_CC="$CROSS_CC" \
			TARGET_CFLAGS="-D_LARGEFILE_SOURCE -D_LARGEFILE64_SOURCE -D_FILE_OFFSET_BITS=64 -Os -g0" \
			TARGET_LDFLAGS= STAGING_DIR="$d/staging" \
			TARGET_DIR="$d/target" "$@"
	}
	expect_eq "$(sed -n 's/^sha256 *\([0-9a-f]*\) *LICENSE$/\1/p' \
		contrib/buildroot/package/nsinit/nsinit.hash)" \
		"$(sha256sum <LICENSE | cut -d' ' -f1)" "nsinit.hash's LICENSE line"
	for a in aarch64 armhf riscv64; do
		d=$TEST_DIR/br-$a
		builder_toolchain "$a" "$d/staging"
		cat >"$d/harness.mk" <<-'MK'
		BR2_EXTERNAL_NSINIT_PATH := $(TOP)/contrib/buildroot
		qstrip = $(strip $(subst ",,$(1)))
		generic-package =
		TARGET_MAKE_ENV = PATH="$(PATH)"
		include $(BR2_EXTERNAL_NSINIT_PATH)/external.mk
		SRC = $(BUILD_DIR)/nsinit-$(NSINIT_VERSION)
		all: $(SRC)/.stamp_target_installed
		version: ; @echo $(NSINIT_VERSION)
		exclusions: ; @echo $(NSINIT_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS)
		$(SRC)/.stamp_rsynced:
		mkdir -p $(SRC) && rsync -au --chmod=u=rwX,go=rX --exclude .git $(NSINIT_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS) $(NSINIT_SITE)/ $(SRC)
		$(SRC)/.stamp_built: $(SRC)/.stamp_rsynced
		$(NSINIT_BUILD_CMDS)
		$(SRC)/.stamp_target_installed: $(SRC)/.stamp_built
		$(NSINIT_INSTALL_TARGET_CMDS)
		MK
		sed -i 's/^\(\$(NSINIT\|mkdir \)/\t\1/' "$d/harness.mk"
		init=
		[ "$a" != armhf ] || init=y
		br_make >&2 || fail "$a: the Buildroot commands failed"
		expect_installed "$a" "$d/target" "$config"
		src=$(echo "$d"/build/nsinit-*)
		[ ! -e "$src/build" ] || fail "$a: build/ was copied into $src"
		if [ "$init" = y ]; then
			expect_eq "$(readlink "$d/target/sbin/init")" /usr/sbin/nsinit "$a: /sbin/init"
			expect_eq "$(readlink "$d/target/init")" /usr/sbin/nsinit "$a: /init"
		else
			[ ! -e "$d/target/init" ] && [ ! -e "$d/target/sbin/init" ] ||
				fail "$a: an init installed without BR2_PACKAGE_NSINIT_INIT"
		fi
	done
	# an edited config.h is another version: Buildroot builds it anew
	v1=$(br_make version)
	echo '/* edited */' >>"$config"
	v2=$(br_make version)
	[ "$v1" != "$v2" ] || fail "the version stays $v1 when config.h changes"
	expect_match "$v2" '^0\.1-[0-9a-f]{12}$' "the version"
}

# Yocto: a recipe's variables (its `require`d nsinit.inc included) and
# its do_compile and do_install (with do_install:append), expanded as
# bitbake expands them (each ${VAR} by its text, before the shell sees
# it) and run by the shell in ${B}, with the values Yocto gives the rest;
# its config.h is the file:// of SRC_URI, from files/, in UNPACKDIR
# (scarthgap: WORKDIR; styhead on: a directory of its own). A ${...} left
# unexpanded is a recipe that drifted from this test.
# yocto_run RECIPE DIR ARCH [VAR=VALUE...]: runs RECIPE's build in DIR.
yocto_run() {
	local recipe=$1 d=$2 a=$3 file
	shift 3
	builder_toolchain "$a" "$d/recipe-sysroot"
	mkdir -p "$d/build"
	env BB_WORKDIR="$d" BB_B="$d/build" BB_D="$d/image" \
	BB_prefix=/usr BB_sbindir=/usr/sbin BB_mandir=/usr/share/man \
	BB_base_sbindir=/sbin \
	BB_STAGING_DIR_TARGET="$d/recipe-sysroot" BB_CC="$CROSS_CC" \
	BB_CFLAGS="-O2 -pipe -g -feliminate-unused-debug-types -fstack-protector-strong -D_FORTIFY_SOURCE=2 -Wformat -Wformat-security -Werror=format-security -fdebug-prefix-map=$d=/usr/src/debug/nsinit" \
	BB_LDFLAGS="-Wl,-O1 -Wl,--hash-style=gnu -Wl,--as-needed -Wl,-z,relro,-z,now" \
	BB_MAKE=make BB_NSINIT_TREE="$TOP" "$@" \
	python3 - "$recipe" >"$d/run.sh" <<-'PY' || fail "$a: $recipe does not expand"
	import os, re, sys
	def read(path):
	    text = open(path).read().replace("\\\n", " ")
	    return re.sub(r'^require (\S+)$', lambda m: read(os.path.join(
	        os.path.dirname(path), m.group(1))), text, flags=re.M)
	text = read(sys.argv[1])
	var = {k[3:]: v for k, v in os.environ.items() if k.startswith("BB_")}
	for m in re.finditer(r'^([A-Za-z_][A-Za-z0-9_]*)\s*(\?\?=|\?=|=)\s*"(.*)"\s*$', text, re.M):
	    name, op, value = m.groups()
	    if op == "=" or name not in var:
	        var[name] = value
	funcs = dict(re.findall(r'^(do_[\w:]+)\(\) \{\n(.*?)\n\}', text, re.M | re.S))
	script = 'oe_runmake() {\n\t${MAKE} ${EXTRA_OEMAKE} "$@"\n}\n'
	for f in ("do_compile", "do_install"):
	    body = funcs[f] + ("\n" + funcs[f + ":append"] if f + ":append" in funcs else "")
	    script += f + "() {\n" + body + "\n}\n"
	script += "cd ${B} && do_compile && cd ${B} && do_install\n"
	def expand(s, depth=0):
	    out = re.sub(r'\$\{(\w+)\}', lambda m: var.get(m.group(1), m.group(0)), s)
	    return out if out == s or depth > 8 else expand(out, depth + 1)
	script = expand(script)
	left = re.findall(r'\$\{[^}]*\}', script)
	if left:
	    sys.exit("unexpanded: " + " ".join(left))
	print("# S=" + expand(var["S"]) + " UNPACKDIR=" + expand(var["UNPACKDIR"]))
	for uri in re.findall(r'file://(\S+)', var["SRC_URI"]):
	    print("# file://" + uri)
	print(script)
	PY
	YOCTO_S=$(sed -n 's/^# S=\(.*\) UNPACKDIR=.*/\1/p' "$d/run.sh")
	YOCTO_UNPACKDIR=$(sed -n 's/^# S=.* UNPACKDIR=\(.*\)/\1/p' "$d/run.sh")
	mkdir -p "$YOCTO_UNPACKDIR"
	for file in $(sed -n 's|^# file://||p' "$d/run.sh"); do
		cp "${recipe%/*}/files/$file" "$YOCTO_UNPACKDIR/$file"
	done
}

test_the_yocto_recipe_builds_and_installs_for_each_board() {
	local a d layer=$TOP/contrib/yocto/meta-nsinit/recipes-core/nsinit
	local md5 srcrev unpack
	md5=$(sed -n 's/^LIC_FILES_CHKSUM = "file:\/\/LICENSE;md5=\([0-9a-f]*\)"$/\1/p' \
		"$layer/nsinit.inc")
	expect_eq "$md5" "$(md5sum <LICENSE | cut -d' ' -f1)" "LIC_FILES_CHKSUM"
	# the pinned SRCREV is a commit of this repository with that licence
	srcrev=$(sed -n 's/^SRCREV ?= "\([0-9a-f]*\)"$/\1/p' "$layer/nsinit_git.bb")
	expect_match "$srcrev" '^[0-9a-f]{40}$' "SRCREV"
	git cat-file -e "$srcrev^{commit}" 2>/dev/null ||
		fail "SRCREV $srcrev is not a commit of this repository"
	expect_eq "$(git show "$srcrev:LICENSE" | md5sum | cut -d' ' -f1)" "$md5" \
		"LICENSE at SRCREV"
	for a in aarch64 armhf riscv64; do
		d=$TEST_DIR/yocto-$a
		# scarthgap leaves UNPACKDIR to the recipe; styhead and later set it
		unpack=
		[ "$a" = aarch64 ] || unpack=$d/sources-unpack
		yocto_run "$layer/nsinit_git.bb" "$d" "$a" ${unpack:+BB_UNPACKDIR="$unpack"}
		expect_eq "$YOCTO_UNPACKDIR" "${unpack:-$d}" "$a: UNPACKDIR"
		expect_eq "$YOCTO_S" "${unpack:-$d}/git" "$a: S"
		build_copy "$YOCTO_S"
		bash -e "$d/run.sh" >&2 || fail "$a: the recipe's commands failed"
		expect_installed "$a" "$d/image" "$layer/files/config.h"
		expect_eq "$(readlink "$d/image/init")" /usr/sbin/nsinit "$a: /init"
	done
}

# nsinit-local.bb builds the checkout it sits in, as it is (externalsrc:
# S is the tree, nothing is copied), and writes nothing into it.
test_the_yocto_externalsrc_recipe_builds_this_checkout() {
	local layer=$TOP/contrib/yocto/meta-nsinit d=$TEST_DIR/local before
	before=$(git status --porcelain --ignored -- . ':!build' | sort)
	yocto_run "$layer/recipes-core/nsinit/nsinit-local.bb" "$d" riscv64 \
		BB_EXTERNALSRC="$TOP" BB_S="$TOP" BB_UNPACKDIR="$d/sources-unpack"
	bash -e "$d/run.sh" >&2 || fail "the externalsrc recipe's commands failed"
	expect_installed riscv64 "$d/image" "$layer/recipes-core/nsinit/files/config.h"
	expect_eq "$(git status --porcelain --ignored -- . ':!build' | sort)" "$before" \
		"the checkout after the build"
	grep -qx 'VIRTUAL-RUNTIME_init_manager ?= "nsinit-init"' \
		"$layer/conf/distro/include/init-manager-nsinit.inc" ||
		fail "INIT_MANAGER = nsinit does not name nsinit-init"
}

# Every source file says its licence in its first lines (SPDX), as
# LICENSE and the recipes' licence fields say it for the whole.
test_every_source_file_says_its_licence() {
	local missing
	missing=$(git ls-files -- '*.c' '*.h' '*.sh' '*.py' '*.mk' '*.bb' \
		'*.bbappend' '*.inc' '*.conf' '*.hash' Makefile '*/Config.in' \
		'*/run' '*shell-init' debian/rules 'busybox-test/*' \
		'doc/*.[0-9]' | while read -r f; do
		head -n 3 "$f" | grep -q 'SPDX-License-Identifier: MIT' || echo "$f"
	done)
	[ -z "$missing" ] || fail "no SPDX-License-Identifier: MIT in: $missing"
	grep -q '^MIT License$' LICENSE || fail "LICENSE is not MIT's"
}
