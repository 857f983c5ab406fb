# SPDX-License-Identifier: MIT
# tests/t_deb.sh: the Debian packages of debian/ (make deb).
# run: timeout 900

# The Debian packages: `make deb` with a config.h of the test's own builds
# the source package and both binary packages; lintian says nothing
# worse than information (the overrides in debian/ say why); nsinit
# installed into a root runs, built from that config.h, with its man
# pages, and nsinit-vm has its runner and the VM's init.
test_make_deb_builds_packages_that_install_run_and_pass_lintian() {
	local config=$TEST_DIR/deb-config.h deb=$TEST_DIR/deb root=$TEST_DIR/root f
	command -v dpkg-buildpackage >/dev/null && command -v dh >/dev/null &&
		command -v lintian >/dev/null || skip "no dpkg-buildpackage, debhelper or lintian (make deps)"
	sed 's/"nsinit-demo"/"deb-test"/' config.h >"$config"
	make -s deb DEB_DIR="$deb" DEB_NSINIT_CONFIG="$config" >&2 ||
		fail "make deb failed: $(tail -n 20 "$deb/build.log")"
	for f in nsinit_0.1-1_amd64.deb nsinit-vm_0.1-1_amd64.deb nsinit_0.1-1.dsc \
		nsinit_0.1.orig.tar.gz nsinit_0.1.orig-capng.tar.gz; do
		[ -f "$deb/$f" ] || fail "make deb made no $f: $(ls "$deb")"
	done
	lintian --pedantic "$deb"/*.changes >"$TEST_DIR/lintian" 2>&1 || :
	cat "$TEST_DIR/lintian" >&2
	! grep -E '^[EW]: ' "$TEST_DIR/lintian" || fail "lintian: errors or warnings"
	dpkg -x "$deb/nsinit_0.1-1_amd64.deb" "$root"
	dpkg -x "$deb/nsinit-vm_0.1-1_amd64.deb" "$root"
	run_init "$root/usr/sbin/nsinit" --version
	expect_eq "$OUT" "nsinit 0.1" "the package's --version"
	run_init "$root/usr/sbin/nsinit" --print-config
	expect_eq "$(tail -n 1 <<<"$OUT")" \
		"config sha256 $(sha256sum <"$config" | cut -d' ' -f1)" "DEB_NSINIT_CONFIG"
	for f in usr/share/man/man8/nsinit.8.gz usr/share/man/man5/nsinit.conf.5.gz \
		usr/share/doc/nsinit/copyright usr/bin/nsinit-vm \
		usr/lib/nsinit/kmod.sh usr/lib/nsinit/vm-init-x86_64; do
		[ -f "$root/$f" ] || fail "not installed: /$f"
	done
	! readelf -l "$root/usr/sbin/nsinit" | grep -c INTERP >/dev/null || fail "not static"
}
