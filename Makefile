# SPDX-License-Identifier: MIT
# nsinit: a static init for appliance containers and small machines.
# make [CONFIG=file.h] [O=dir]   build $(O)/init from a configuration
# make TIMINGS=1 O=dir          the same, with a timing line per step (lib/lap.h)
# make ARCH=aarch64 [O=dir]      the same for a board: aarch64 armhf riscv64
#                                (O is build/ARCH unless given)
# make entrypoint                build/entrypoint/init: an image's ENTRYPOINT,
#                                as tini (contrib/configs/entrypoint.h)
# make check                     every test (needs root)
# make layers                    the tree's layers checked (tests/layers.sh)
# make kernels                   the boot tests' kernels (Debian 11, 12, 13)
# make deps                      the Debian packages the build and tests need
# make install [DESTDIR=] [PREFIX=/usr/local] [SBINDIR=] [MANDIR=]
# make install-vm [DESTDIR=] [PREFIX=] [BINDIR=]  nsinit-vm, the test-VM runner
# make dist                      nsinit-VERSION.tar.gz (git archive) and .sha256
# make deb [DEB_NSINIT_CONFIG=]  Debian packages nsinit and nsinit-vm in build/deb
# CC, CFLAGS, CPPFLAGS, LDFLAGS: added after the build's own (NSINIT_*);
# STRIP= (or STRIP=true) keeps init's symbols, for a builder that strips.
VERSION    = 0.1
ARCH       = x86_64
CC         = musl-gcc
HOSTCC     = cc
CONFIG     = config.h
O          = .
B          = build
UNITCC     = $(HOSTCC)
UNITFLAGS  = $(SANFLAGS)
UNITDEPS   =
RUN        =
PREFIX     = /usr/local
SBINDIR    = $(PREFIX)/sbin
BINDIR     = $(PREFIX)/bin
MANDIR     = $(PREFIX)/share/man
DESTDIR    =
STRIP      = strip
# the user's and the image builder's: they come after the build's own
CFLAGS     =
CPPFLAGS   =
LDFLAGS    =

# a table row names only the fields it needs: the rest are zero
WARN       = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
             -Wno-missing-field-initializers
# -fno-pie: the binary is static and not position independent (ld makes
# an ET_EXEC): PIE code would only pay for GOT-relative addressing.
# -flto: our objects are optimised together (musl and libcap-ng are not).
NSINIT_CFLAGS = -Os -std=c11 $(WARN) -ffunction-sections -fdata-sections \
             -fno-asynchronous-unwind-tables -fno-stack-protector -fno-pie \
             -flto=auto
NSINIT_CPPFLAGS = -D_GNU_SOURCE
# make TIMINGS=1: a line per step on stderr (lib/lap.h); give it its own O=
TIMINGS    =
ifeq ($(TIMINGS),1)
NSINIT_CPPFLAGS += -DNSINIT_TIMINGS
endif
# musl applies RELRO only in its dynamic linker, never in a static non-PIE
# binary: a RELRO segment would only pad the file.
NSINIT_LDFLAGS = -static -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code \
             -Wl,--build-id=none -Wl,-z,norelro -flto=auto
SANFLAGS   = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all

# libcap-ng, built for musl from Debian's source package, pinned.
CAPNG_VER  = 0.8.3-1
CAPNG_DSC  = 1bf38dbc0c30bcbc776d2d5c25e31d89202de0858f9ca9379c993d55103d7ef0
CAPNG      = $(B)/capng
CAPNG_LIB  = $(CAPNG)/lib/libcap-ng.a
KH         = $(B)/kh
KH_DIR     = /usr/include
KH_ASM     = /usr/include/$$(gcc -print-multiarch)/asm
# An image builder brings its own musl compiler and libcap-ng: CAPNG= its
# prefix (include/cap-ng.h, lib/libcap-ng.a), KH= empty when the compiler
# has the kernel's headers (or a directory with linux/, asm/, asm-generic/).
# Only the ones of this Makefile are made (and removed) here.
OWN_CAPNG  = $(filter file,$(origin CAPNG))
KH_DONE    = $(if $(filter file,$(origin KH)),$(KH)/.done)

# Another architecture: Debian's cross gcc (gcc-TRIPLET), its kernel
# headers (linux-libc-dev-DEBARCH-cross) and musl built from Debian's
# source package into $(B)/musl, all under build/ARCH. This machine's
# own build (above) uses Debian's musl-gcc and stays as it is.
TRIPLET_aarch64 = aarch64-linux-gnu
TRIPLET_armhf   = arm-linux-gnueabihf
TRIPLET_riscv64 = riscv64-linux-gnu
MUSLARCH_aarch64 = aarch64
MUSLARCH_armhf  = arm
MUSLARCH_riscv64 = riscv64
ifneq ($(ARCH),x86_64)
TRIPLET    = $(TRIPLET_$(ARCH))
ifeq ($(TRIPLET),)
$(error ARCH=$(ARCH): one of x86_64 aarch64 armhf riscv64)
endif
B          = build/$(ARCH)
MUSL       = $(B)/musl
SPECS      = $(MUSL)/musl.specs
CC         = $(TRIPLET)-gcc -specs=$(abspath $(SPECS)) -static
STRIP      = $(TRIPLET)-strip
KH_DIR     = /usr/$(TRIPLET)/include
KH_ASM     = $(KH_DIR)/asm
CAPNG_HOST = --host=$(TRIPLET)
O          = $(B)
# Their ld aligns segments for 64 KiB pages, and a RELRO segment would pad
# the file by up to 64 KiB: NSINIT_LDFLAGS's -z norelro matters most there.
# unit tests and fuzz corpora: the board's compiler, run under qemu-user
UNITCC     = $(CC)
UNITFLAGS  = -g -O1 -isystem $(KH)
UNITDEPS   = $(KH_DONE)
RUN        = qemu-$(QEMU_$(ARCH))-static
endif
QEMU_aarch64 = aarch64
QEMU_armhf   = arm
QEMU_riscv64 = riscv64
CROSS_ARCHES = aarch64 armhf riscv64

# musl for another architecture, from Debian's source package, pinned.
MUSL_VER   = 1.2.3-1
MUSL_DSC   = 243a7462e9c751da662c4c61d4c96b6318c796ba302b72f6cdf74ea5427a9b4f

# stages/: functions of the configuration, a folder for each situation
# (launcher, container, boot) and what they share; lib/: code that knows
# none.
STAGES     = $(wildcard stages/*.c stages/*/*.c)
LIB        = $(wildcard lib/*.c)
HEADERS    = $(wildcard stages/*.h stages/*/*.h lib/*.h)
ALLCFLAGS  = $(NSINIT_CFLAGS) $(NSINIT_CPPFLAGS) $(if $(KH),-isystem $(KH)) \
             -I$(CAPNG)/include -Istages -Ilib $(CFLAGS) $(CPPFLAGS)

# What init says of itself: --version the version and, built from a git
# checkout (not from a tarball), its commit, "(abc1234)" or "(abc1234,
# modified)"; --print-config the sha256 of config.h. No path, date or host
# name goes in: the same source and config.h give the same bytes.
COMMIT     = $(if $(wildcard .git),$(shell c=$$(git rev-parse --short HEAD \
             2>/dev/null) && { git diff --quiet HEAD 2>/dev/null && \
             echo "$$c" || echo "$$c, modified"; }))
CONFIG_SHA256 = $(firstword $(shell sha256sum $(CONFIG)))
INITFLAGS  = $(ALLCFLAGS) -DNSINIT_VERSION='"$(VERSION)"' \
             -DNSINIT_COMMIT='"$(COMMIT)"' \
             -DNSINIT_CONFIG_SHA256='"$(CONFIG_SHA256)"' \
             -DCONFIG_H='"$(abspath $(CONFIG))"' $(NSINIT_LDFLAGS) $(LDFLAGS)

all: $(O)/init

# The stripping is a step of its own: STRIP= leaves the symbols to a
# builder that keeps them apart. $(O)/.init.flags holds the command line,
# rewritten only when it changes: a new commit, CFLAGS or STRIP rebuilds.
$(O)/init: init.c $(STAGES) $(LIB) $(HEADERS) $(CONFIG) $(CAPNG_LIB) Makefile \
		$(O)/.init.flags
	$(CC) $(INITFLAGS) -o $@ init.c $(STAGES) $(LIB) $(CAPNG_LIB)
	$(if $(STRIP),$(STRIP) $@)

$(O)/.init.flags: FORCE
	@mkdir -p $(O)
	@echo '$(CC) $(subst ','\'',$(INITFLAGS)) | $(STRIP)' > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
FORCE:

# musl-gcc hides /usr/include: give it the kernel's UAPI headers only.
# For a board they come with musl's specs, so what waits for one has both.
ifneq ($(KH_DONE),)
$(KH)/.done: $(SPECS)
	mkdir -p $(KH)
	ln -sfn $(KH_DIR)/linux $(KH)/linux
	ln -sfn $(KH_DIR)/asm-generic $(KH)/asm-generic
	ln -sfn $(KH_ASM) $(KH)/asm
	touch $@
endif

# A Debian source package, pinned by its .dsc's sha256: apt-get checks
# what it fetches against the hashes of the signed Sources index, the pin
# that it is this very version, dpkg-source the tarballs against the .dsc
# (nothing else is fetched: no binary package). $(1) the directory, $(2) the
# package, $(3) its version, $(4) the sha256. A private apt configuration
# asks for deb-src of whatever the system uses, so that neither the
# system's lists nor its sources are touched; the tree lands in $(1)/src.
define debian_source
	rm -rf $(1) && mkdir -p $(1)/apt/lists/partial \
		$(1)/apt/cache/archives/partial $(1)/apt/src.d
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | \
		sed -n 's/^deb \(.*\)/deb-src \1/p' > $(1)/apt/src.d/src.list
	for f in /etc/apt/sources.list.d/*.sources; do [ -e "$$f" ] && \
		sed 's/^Types: deb$$/Types: deb-src/' "$$f"; echo; done \
		> $(1)/apt/src.d/src.sources
	cd $(1) && A="-o Dir::Etc::SourceList=/dev/null \
		-o Dir::Etc::SourceParts=$$PWD/apt/src.d \
		-o Dir::State::Lists=$$PWD/apt/lists \
		-o Dir::Cache=$$PWD/apt/cache -o APT::Sandbox::User=root" && \
		apt-get -qq $$A update && \
		apt-get -qq $$A source --download-only $(2)=$(3)
	echo "$(4)  $(2)_$(3).dsc" | (cd $(1) && sha256sum -c --quiet)
	cd $(1) && dpkg-source -q -x $(2)_$(3).dsc src >/dev/null
endef

# CAPNG_SRC: that source unpacked already (a Debian source package's
# capng component, say): copied, nothing fetched.
CAPNG_SRC  =
ifneq ($(OWN_CAPNG),)
$(CAPNG_LIB): $(KH_DONE)
ifeq ($(CAPNG_SRC),)
	$(call debian_source,$(CAPNG),libcap-ng,$(CAPNG_VER),$(CAPNG_DSC))
else
	rm -rf $(CAPNG) && mkdir -p $(CAPNG) && cp -a $(CAPNG_SRC) $(CAPNG)/src
endif
	cd $(CAPNG)/src && ./configure -q $(CAPNG_HOST) \
		--prefix=$(abspath $(CAPNG)) \
		CC="$(CC) $(if $(KH),-isystem $(abspath $(KH)))" --enable-static \
		--disable-shared --without-python3 \
		CFLAGS="-Os -ffunction-sections -fdata-sections" >/dev/null
	$(MAKE) -s -C $(CAPNG)/src/src install DESTDIR= >/dev/null
	test -f $@
endif

# musl for ARCH, static only, and a gcc specs file that makes the cross
# gcc a musl compiler: no include directory but musl's and gcc's own (the
# kernel's come as -isystem $(KH)); at link, no library directory but
# musl's and gcc's (ld's -nostdlib: the cross glibc stays out), musl's
# crt1.o and crti.o before the objects and crtn.o after them, around
# gcc's crtbeginT.o/crtend.o (the static ones). CC adds -static: libc.a.
# ARCH and DESTDIR are named for musl's make: ours must not reach it.
$(SPECS):
	$(call debian_source,$(MUSL),musl,$(MUSL_VER),$(MUSL_DSC))
	cd $(MUSL)/src && ./configure -q --target=$(TRIPLET) \
		CROSS_COMPILE=$(TRIPLET)- --prefix=$(abspath $(MUSL)) \
		--disable-shared CFLAGS=-Os >/dev/null
	$(MAKE) -s -C $(MUSL)/src install ARCH=$(MUSLARCH_$(ARCH)) DESTDIR= \
		>/dev/null
	m=$(abspath $(MUSL)); g=$$(dirname $$($(TRIPLET)-gcc \
		-print-libgcc-file-name)); { \
	printf '%s\n\n' '%rename cpp nsinit_cpp' '%rename link nsinit_link'; \
	printf '*cpp:\n-nostdinc -isystem %s/include -isystem %s/include %s\n\n' \
		$$m $$g '%(nsinit_cpp)'; \
	printf '*link:\n-nostdlib %s\n\n' '%(nsinit_link)'; \
	printf '*link_libgcc:\n-L %s/lib -L %s\n\n' $$m $$g; \
	printf '*startfile:\n%s/lib/crt1.o %s/lib/crti.o %s/crtbeginT.o\n\n' \
		$$m $$m $$g; \
	printf '*endfile:\n%s/crtend.o %s/lib/crtn.o\n' $$g $$m; \
	} > $@.tmp && mv $@.tmp $@

# Unit tests: the pure parts, with the host compiler, under ASan and UBSan;
# with ARCH=, built for the board and run under qemu-user.
UNIT = $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/*.c))

# test_X and fuzz_X build with all of lib/ and, when lib/ has no X.c, the
# stage file X.c of stages/ or of one of its folders, if there is one
# (lib/cmdline.c is test_cmdline's, not stages/boot/cmdline.c).
STAGE_OF   = $(if $(wildcard lib/$(1).c),,$(wildcard stages/$(1).c stages/*/$(1).c))
.SECONDEXPANSION:
$(B)/unit/test_%: tests/unit/test_%.c $$(call STAGE_OF,$$*) $(LIB) $(HEADERS) tests/unit/unit.h $(UNITDEPS)
	@mkdir -p $(B)/unit
	$(UNITCC) -std=c11 $(WARN) $(NSINIT_CPPFLAGS) $(UNITFLAGS) -Istages -Ilib -Itests/unit -o $@ \
		$(filter %.c,$^)

unit: $(UNIT)
	@for t in $(UNIT); do $(RUN) $$t || exit 1; done

# The layers of the tree (tests/layers.sh): each file compiled alone,
# without LTO, so that its calls into the others are its undefined
# symbols and its headers are in its .d.
LAYERS     = $(patsubst %.c,$(B)/layers/%.o,init.c $(STAGES) $(LIB))
$(B)/layers/%.o: %.c $(HEADERS) $(CONFIG) $(CAPNG_LIB) $(KH_DONE)
	@mkdir -p $(@D)
	@$(CC) $(filter-out -flto%,$(ALLCFLAGS)) -DNSINIT_VERSION='""' \
		-DNSINIT_COMMIT='""' -DNSINIT_CONFIG_SHA256='""' \
		-DCONFIG_H='"$(abspath $(CONFIG))"' -MMD -c -o $@ $<

layers: $(LAYERS)
	@rm -f $(filter-out $(LAYERS),$(shell find $(B)/layers -name '*.o'))
	tests/layers.sh $(B)/layers

# The fuzz targets' seed corpora replayed through LLVMFuzzerTestOneInput
# by a main of our own (tests/fuzz/replay.c), built as the unit tests:
# the parsers on a board's word size and alignment.
REPLAY = $(patsubst tests/fuzz/%.c,$(B)/replay/%,$(wildcard tests/fuzz/fuzz_*.c))
$(B)/replay/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $$(call STAGE_OF,$$*) $(LIB) $(HEADERS) tests/fuzz/fuzz.h $(UNITDEPS)
	@mkdir -p $(B)/replay
	$(UNITCC) -std=c11 $(WARN) $(NSINIT_CPPFLAGS) $(UNITFLAGS) -Istages -Ilib -Itests/fuzz -o $@ \
		$(filter %.c,$^)

replay: $(REPLAY)
	@for f in $(REPLAY); do t=$${f##*/}; \
		$(RUN) $$f tests/fuzz/corpus/$${t#fuzz_}/* || exit 1; done

# Every board's init in build/ARCH/init; their unit tests and corpora.
cross:
	@for a in $(CROSS_ARCHES); do $(MAKE) -s ARCH=$$a || exit 1; done
unit-cross:
	@for a in $(CROSS_ARCHES); do echo "== $$a"; \
		$(MAKE) -s ARCH=$$a unit replay || exit 1; done

# Fuzz targets: libFuzzer, each run FUZZ_SECONDS from its seed corpus
# (tests/fuzz/corpus/X, kept as it is); what it finds goes to $(B)/fuzz.
FUZZCC       = clang-14
FUZZ_SECONDS = 10
FUZZFLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all
FUZZ = $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(call STAGE_OF,$$*) $(LIB) $(HEADERS) tests/fuzz/fuzz.h
	@mkdir -p $(B)/fuzz
	$(FUZZCC) -std=c11 $(WARN) $(NSINIT_CPPFLAGS) $(FUZZFLAGS) -Istages -Ilib -Itests/fuzz -o $@ \
		$(filter %.c,$^)

fuzz: $(FUZZ)
	@for f in $(FUZZ); do t=$${f##*/}; n=$(B)/fuzz/new/$$t; \
		mkdir -p $$n; \
		if $$f -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
			-artifact_prefix=$(B)/fuzz/$$t- $$n \
			tests/fuzz/corpus/$${t#fuzz_} >$(B)/fuzz/$$t.log 2>&1; \
		then echo "ok $$t: $$(grep -o 'Done [0-9]* runs in [0-9]* second' \
			$(B)/fuzz/$$t.log)"; \
		else echo "FAIL $$t: see $(B)/fuzz/$$t.log"; \
			tail -n 30 $(B)/fuzz/$$t.log; exit 1; fi; done

# The tests' root filesystem: busybox, and a probe that answers questions.
$(B)/probe: tests/probe.c $(KH_DONE)
	@mkdir -p $(B)
	$(CC) -static -Os $(WARN) -std=c11 -D_GNU_SOURCE -s -o $@ $<

rootfs: $(B)/rootfs/usr/bin/probe
$(B)/rootfs/usr/bin/probe: busybox-test/rootfs.sh $(B)/probe
	busybox-test/rootfs.sh $(B)/rootfs $(B)/probe

# The tests, in tiers (tests/run --tier, a file's "# tier:" line):
# check-host  unit tests, fuzz corpora replayed, the tree's layers
#             (make layers), the integration tests that need neither QEMU
#             nor a cross compiler
# check-vm    the QEMU boots (Debian's kernels, TCG)
# check-cross every board's build, its unit tests and corpora under
#             qemu-user, t_arch and t_build
# check       all of it, with libFuzzer runs: the builds side by side (each
#             target's output together), then every test file, JOBS at once.
JOBS = $(shell nproc)
check: deps
	$(MAKE) -s -j$(JOBS) --output-sync=target all entrypoint unit rootfs fuzz cross \
		kernels layers
	$(MAKE) -s unit-cross
	tests/run -j $(JOBS)
check-host: deps all unit replay layers rootfs
	tests/run -j $(JOBS) --tier host
check-vm: deps all rootfs kernels
	tests/run -j $(JOBS) --tier vm
check-cross: deps all rootfs cross unit-cross
	tests/run -j $(JOBS) --tier cross

# The kernels of the boot tests (ARCH:DEBIAN), fetched and prepared before
# the tests run, so that no test's time-out counts a first download: in
# build/[ARCH/]qemu for the release boot.sh takes by default (Debian 12,
# riscv64's 13), else qemu-debianN beside it (tests/lib.sh's kernel_board).
KERNELS = x86_64:12 x86_64:11 x86_64:13 aarch64:12 aarch64:11 aarch64:13 \
          armhf:12 armhf:11 armhf:13 riscv64:13
kernels:
	@for k in $(KERNELS); do a=$${k%:*} r=$${k#*:}; \
		d=build/$$([ $$a = x86_64 ] || echo $$a/)qemu; \
		[ $$r = $$([ $$a = riscv64 ] && echo 13 || echo 12) ] || \
			d=$$d-debian$$r; \
		ARCH=$$a DEBIAN=$$r busybox-test/kernel.sh $$d || exit 1; done

# The demo: a QEMU machine (Debian's kernel, TCG) booting a busybox
# initramfs with $(O)/init as /init, which brings the machine up and runs
# the appliance of config.h in a container; with ARCH=aarch64, armhf or
# riscv64, that board's kernel, busybox and virt machine
# (busybox-test/boot.sh); DEBIAN=11 or 13: that release's kernel.
# `make run`: the same container on this host.
QEMU_DIR = $(B)/qemu$(if $(DEBIAN),-debian$(DEBIAN))
demo: deps all rootfs
	ARCH=$(ARCH) busybox-test/kernel.sh $(QEMU_DIR) >/dev/null
	ARCH=$(ARCH) KDIR=$(QEMU_DIR) busybox-test/initramfs.sh $(B)/demo.cpio \
		$(O)/init virtio_pci virtio_net -- $(B)/rootfs:/build/rootfs \
		/usr/lib/os-release:/etc/os-release
	ARCH=$(ARCH) KDIR=$(QEMU_DIR) busybox-test/boot.sh $(B)/demo.cpio

run: deps all rootfs
	./init

# nsinit as an image's ENTRYPOINT, tini's job with no capability
# (README, "As an entrypoint")
entrypoint: $(CAPNG_LIB) $(KH_DONE)
	$(MAKE) CONFIG=contrib/configs/entrypoint.h O=$(B)/entrypoint

# nsinit-vm's init (busybox-test/vm.h, busybox-test/vm the runner), and
# the kernel it boots by default: `busybox-test/vm -- CMD` after this.
vm:
	$(MAKE) CONFIG=busybox-test/vm.h O=$(B)/vm
	ARCH=$(ARCH) busybox-test/kernel.sh $(QEMU_DIR) >/dev/null

# init as nsinit, and its man pages (doc/)
MAN        = doc/nsinit.8 doc/nsinit.conf.5
install: $(O)/init
	install -D -m 0755 $(O)/init $(DESTDIR)$(SBINDIR)/nsinit
	for m in $(MAN); do s=$${m##*.}; \
		install -D -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/$${m##*/} || \
		exit 1; done

# nsinit-vm for a developer's machine: the runner in BINDIR, its init,
# kmod.sh, vm-guest.sh and the fetched kernel (with the modules the
# machine loads) in PREFIX/lib/nsinit (the runner looks there, from
# BINDIR/..)
VM_LIB     = $(DESTDIR)$(PREFIX)/lib/nsinit
VM_KFILE   = $(if $(filter x86_64,$(ARCH)),vmlinux,vmlinuz)
install-vm: vm
	install -D -m 0755 busybox-test/vm $(DESTDIR)$(BINDIR)/nsinit-vm
	install -D -m 0644 busybox-test/kmod.sh $(VM_LIB)/kmod.sh
	install -D -m 0644 busybox-test/vm-guest.sh $(VM_LIB)/vm-guest.sh
	install -D -m 0755 $(B)/vm/init $(VM_LIB)/vm-init-$(ARCH)
	install -D -m 0644 $(QEMU_DIR)/$(VM_KFILE) $(VM_LIB)/kernel-$(ARCH)/$(VM_KFILE)
	kv=$$(cat $(QEMU_DIR)/kver) && k=$(VM_LIB)/kernel-$(ARCH) && \
	rm -rf $$k/modules $$k/lib && . busybox-test/kmod.sh && \
	KMOD_QUIET=1 kmod_copy $(QEMU_DIR)/modules $$k/lib/modules/$$kv \
		virtio_pci 9pnet_virtio 9p overlay virtio_console virtio_net \
		virtio_blk && ln -s lib/modules/$$kv $$k/modules

# The release tarball: what is committed (a modified tree says so), named
# with the version, its sha256 beside it. git archive gives each file the
# commit's date: the same commit gives the same bytes.
DIST       = nsinit-$(VERSION).tar.gz
dist:
	@git diff --quiet HEAD || echo "make dist: uncommitted changes are not in $(DIST)" >&2
	@mkdir -p $(O)
	git archive --format=tar.gz --prefix=nsinit-$(VERSION)/ -o $(O)/$(DIST) HEAD
	cd $(O) && sha256sum $(DIST) > $(DIST).sha256

# The Debian packages (debian/): the source package made of this tree's
# tracked files as they are now (its .orig tarball) and of libcap-ng's
# Debian source as the build above unpacks it (the .orig-capng
# component), then dpkg-buildpackage, source and binaries, in $(DEB_DIR).
# DEB_NSINIT_CONFIG= the config.h of the nsinit package's binary.
DEB_DIR    = $(B)/deb
DEB_SRC    = $(DEB_DIR)/nsinit-$(VERSION)
deb: $(CAPNG_LIB)
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_SRC) $(DEB_DIR)/x
	git ls-files -z -- . ':!debian' | tar --null -T - -cf - | tar -C $(DEB_SRC) -xf -
	tar -C $(DEB_DIR) -czf $(DEB_DIR)/nsinit_$(VERSION).orig.tar.gz nsinit-$(VERSION)
	dpkg-source -q -x $(CAPNG)/libcap-ng_$(CAPNG_VER).dsc $(DEB_DIR)/x/capng >/dev/null 2>&1
	mv $(DEB_DIR)/x/capng $(DEB_SRC)/ && rm -rf $(DEB_DIR)/x
	tar -C $(DEB_SRC) -czf $(DEB_DIR)/nsinit_$(VERSION).orig-capng.tar.gz capng
	cp -a debian $(DEB_SRC)/
	cd $(DEB_SRC) && $(if $(DEB_NSINIT_CONFIG),DEB_NSINIT_CONFIG=$(abspath $(DEB_NSINIT_CONFIG))) \
		dpkg-buildpackage -us -uc >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; exit 1; }
	@ls $(DEB_DIR)/*.deb

clean:
	rm -rf $(B) $(O)/init $(O)/.init.flags

# Debian packages the build, the tests and the benchmark need; installed
# only where missing.
DEPS = musl-tools dpkg-dev gcc make busybox-static iproute2 util-linux \
       cpio e2fsprogs qemu-system-x86 qemu-system-arm qemu-system-misc \
       xz-utils zstd python3 \
       clang-14 libclang-rt-14-dev procps fdisk mandoc rsync debhelper \
       lintian $(CROSS_DEPS) $(PEER_DEPS)
# the peers the entrypoint tests run beside nsinit, and the real service
PEER_DEPS = podman runc uidmap tini catatonit mmdebstrap postgresql-client
# make ARCH=...: the cross compilers, their kernel headers, qemu-user for
# the tests that run a board's binaries here
CROSS_DEPS = gcc-aarch64-linux-gnu linux-libc-dev-arm64-cross \
       gcc-arm-linux-gnueabihf linux-libc-dev-armhf-cross \
       gcc-riscv64-linux-gnu linux-libc-dev-riscv64-cross qemu-user-static
deps:
	@missing=; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || \
		missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

.PHONY: all unit fuzz rootfs check demo install clean deps replay cross \
	unit-cross vm install-vm dist deb kernels entrypoint check-host check-vm \
	check-cross layers FORCE

# nsinit against its peers (bench/run.sh): bench/results.md, bench/start.svg.
BENCH_DEPS = hyperfine bubblewrap crun runc tini catatonit gnuplot-nox \
	python3-requests python3-argcomplete python3-pkg-resources kmod udev
bench-deps:
	@$(MAKE) -s deps DEPS="$(BENCH_DEPS)"
bench: deps bench-deps all rootfs cross
	bench/run.sh
.PHONY: bench bench-deps
