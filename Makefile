# nsinit: a static init for appliance containers and small machines.
# make [CONFIG=file.h] [O=dir]   build $(O)/init from a configuration
# make check                     every test (needs root)
# make deps                      the Debian packages the build and tests need
VERSION    = 0.1
CC         = musl-gcc
HOSTCC     = cc
CONFIG     = config.h
O          = .
B          = build
PREFIX     = /usr/local
DESTDIR    =

# a table row names only the fields it needs: the rest are zero
WARN       = -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
             -Wno-missing-field-initializers
CFLAGS     = -Os -std=c11 $(WARN) -ffunction-sections -fdata-sections \
             -fno-asynchronous-unwind-tables -fno-stack-protector
CPPFLAGS   = -D_GNU_SOURCE -DNSINIT_VERSION='"$(VERSION)"'
LDFLAGS    = -static -s -Wl,--gc-sections -Wl,-z,noseparate-code \
             -Wl,--build-id=none
SANFLAGS   = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all

# libcap-ng, built for musl from Debian's source package, pinned.
CAPNG_VER  = 0.8.3-1
CAPNG_DSC  = 1bf38dbc0c30bcbc776d2d5c25e31d89202de0858f9ca9379c993d55103d7ef0
CAPNG      = $(B)/capng
CAPNG_LIB  = $(CAPNG)/lib/libcap-ng.a
KH         = $(B)/kh

# stages/: functions of the configuration; lib/: code that knows none.
STAGES     = $(wildcard stages/*.c)
LIB        = $(wildcard lib/*.c)
HEADERS    = $(wildcard stages/*.h lib/*.h)
ALLCFLAGS  = $(CFLAGS) $(CPPFLAGS) -isystem $(KH) -I$(CAPNG)/include \
             -Istages -Ilib

all: $(O)/init

$(O)/init: init.c $(STAGES) $(LIB) $(HEADERS) $(CONFIG) $(CAPNG_LIB) Makefile
	@mkdir -p $(O)
	$(CC) $(ALLCFLAGS) -DCONFIG_H='"$(abspath $(CONFIG))"' $(LDFLAGS) \
		-o $@ init.c $(STAGES) $(LIB) $(CAPNG_LIB)

# musl-gcc hides /usr/include: give it the kernel's UAPI headers only.
$(KH)/.done:
	mkdir -p $(KH)
	ln -sfn /usr/include/linux $(KH)/linux
	ln -sfn /usr/include/asm-generic $(KH)/asm-generic
	ln -sfn /usr/include/$$(gcc -print-multiarch)/asm $(KH)/asm
	touch $@

# A private apt configuration that asks for deb-src of whatever the system
# uses, so that neither the system's lists nor its sources are touched.
$(CAPNG_LIB): $(KH)/.done
	rm -rf $(CAPNG) && mkdir -p $(CAPNG)/apt/lists/partial \
		$(CAPNG)/apt/cache/archives/partial $(CAPNG)/apt/src.d
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | \
		sed -n 's/^deb \(.*\)/deb-src \1/p' > $(CAPNG)/apt/src.d/src.list
	for f in /etc/apt/sources.list.d/*.sources; do [ -e "$$f" ] && \
		sed 's/^Types: deb$$/Types: deb-src/' "$$f"; echo; done \
		> $(CAPNG)/apt/src.d/src.sources
	cd $(CAPNG) && A="-o Dir::Etc::SourceList=/dev/null \
		-o Dir::Etc::SourceParts=$$PWD/apt/src.d \
		-o Dir::State::Lists=$$PWD/apt/lists \
		-o Dir::Cache=$$PWD/apt/cache -o APT::Sandbox::User=root" && \
		apt-get -qq $$A update && \
		apt-get -qq $$A source --download-only libcap-ng=$(CAPNG_VER)
	echo "$(CAPNG_DSC)  libcap-ng_$(CAPNG_VER).dsc" | (cd $(CAPNG) && sha256sum -c --quiet)
	cd $(CAPNG) && dpkg-source -q -x libcap-ng_$(CAPNG_VER).dsc src >/dev/null
	cd $(CAPNG)/src && ./configure -q --prefix=$(abspath $(CAPNG)) \
		CC="$(CC) -isystem $(abspath $(KH))" --enable-static \
		--disable-shared --without-python3 \
		CFLAGS="-Os -ffunction-sections -fdata-sections" >/dev/null
	$(MAKE) -s -C $(CAPNG)/src/src install >/dev/null
	test -f $@

# Unit tests: the pure parts, with the host compiler, under ASan and UBSan.
UNIT = $(patsubst tests/unit/%.c,$(B)/unit/%,$(wildcard tests/unit/*.c))

# test_X and fuzz_X build with all of lib/ and, when there is one, the
# stage file stages/X.c.
.SECONDEXPANSION:
$(B)/unit/test_%: tests/unit/test_%.c $$(wildcard stages/$$*.c) $(LIB) $(HEADERS) tests/unit/unit.h
	@mkdir -p $(B)/unit
	$(HOSTCC) -std=c11 $(WARN) $(CPPFLAGS) $(SANFLAGS) -Istages -Ilib -Itests/unit -o $@ \
		$(filter %.c,$^)

unit: $(UNIT)
	@for t in $(UNIT); do $$t || exit 1; done

# Fuzz targets: libFuzzer, each run FUZZ_SECONDS from its seed corpus
# (tests/fuzz/corpus/X, kept as it is); what it finds goes to $(B)/fuzz.
FUZZCC       = clang-14
FUZZ_SECONDS = 10
FUZZFLAGS    = -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all
FUZZ = $(patsubst tests/fuzz/%.c,$(B)/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))

$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $$(wildcard stages/$$*.c) $(LIB) $(HEADERS) tests/fuzz/fuzz.h
	@mkdir -p $(B)/fuzz
	$(FUZZCC) -std=c11 $(WARN) $(CPPFLAGS) $(FUZZFLAGS) -Istages -Ilib -Itests/fuzz -o $@ \
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
$(B)/probe: tests/probe.c
	@mkdir -p $(B)
	$(CC) -static -Os $(WARN) -std=c11 -D_GNU_SOURCE -s -o $@ $<

rootfs: $(B)/rootfs/usr/bin/probe
$(B)/rootfs/usr/bin/probe: busybox-test/rootfs.sh $(B)/probe
	busybox-test/rootfs.sh $(B)/rootfs $(B)/probe

check: deps all unit rootfs fuzz
	tests/run

# The demo: a QEMU machine (Debian's kernel, TCG) booting a busybox
# initramfs with ./init as /init, which brings the machine up and runs
# the appliance of config.h in a container. `make run`: the same
# container on this host.
QEMU_DIR = $(B)/qemu
demo: deps all rootfs
	busybox-test/kernel.sh $(QEMU_DIR) >/dev/null
	KDIR=$(QEMU_DIR) busybox-test/initramfs.sh $(B)/demo.cpio ./init \
		virtio_pci virtio_net -- $(B)/rootfs:/build/rootfs \
		/usr/lib/os-release:/etc/os-release
	KDIR=$(QEMU_DIR) busybox-test/boot.sh $(B)/demo.cpio

run: deps all rootfs
	./init

install: $(O)/init
	install -D -m 0755 $(O)/init $(DESTDIR)$(PREFIX)/sbin/nsinit

clean:
	rm -rf $(B) $(O)/init

# Debian packages the build, the tests and the benchmark need; installed
# only where missing.
DEPS = musl-tools dpkg-dev gcc make busybox-static iproute2 util-linux \
       cpio e2fsprogs qemu-system-x86 xz-utils python3 \
       clang-14 libclang-rt-14-dev procps fdisk
deps:
	@missing=; for p in $(DEPS); do dpkg -s $$p >/dev/null 2>&1 || \
		missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends $$missing >/dev/null; fi

.PHONY: all unit fuzz rootfs check demo install clean deps

# nsinit against its peers (bench/run.sh): bench/results.md, bench/start.svg.
BENCH_DEPS = hyperfine bubblewrap crun runc tini catatonit gnuplot-nox
bench-deps:
	@$(MAKE) -s deps DEPS="$(BENCH_DEPS)"
bench: deps bench-deps all rootfs
	bench/run.sh
.PHONY: bench bench-deps
