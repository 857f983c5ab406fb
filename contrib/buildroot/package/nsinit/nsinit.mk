# SPDX-License-Identifier: MIT
################################################################################
#
# nsinit
#
################################################################################

# The source is the tree this BR2_EXTERNAL lives in: recipe and source go
# together, and nothing is downloaded (nsinit.hash lists the licence file
# only). What the tree's own builds and tests leave in it stays out of
# the copy Buildroot makes: build/ alone can be a gigabyte.
NSINIT_SITE = $(BR2_EXTERNAL_NSINIT_PATH)/../..
NSINIT_SITE_METHOD = local
NSINIT_OVERRIDE_SRCDIR_RSYNC_EXCLUSIONS = \
	--exclude /build --exclude /init --exclude /.init.flags \
	--exclude '/nsinit-*.tar.gz*'
NSINIT_DEPENDENCIES = libcap-ng
NSINIT_LICENSE = MIT
NSINIT_LICENSE_FILES = LICENSE

NSINIT_CONFIG_FILE = $(call qstrip,$(BR2_PACKAGE_NSINIT_CONFIG))
NSINIT_CONFIG_PATH = $(if $(NSINIT_CONFIG_FILE),$(abspath $(NSINIT_CONFIG_FILE)))

# Buildroot builds a package once per version: the config.h is outside
# the source it copies, so its hash is part of the version, and an edited
# config.h is a new build of its own (no nsinit-rebuild needed).
NSINIT_VERSION = 0.1$(if $(NSINIT_CONFIG_PATH),-$(shell \
	sha256sum $(NSINIT_CONFIG_PATH) 2>/dev/null | cut -c1-12))

# nsinit's own Makefile, with Buildroot's compiler and flags (added after
# nsinit's), its libcap-ng, the toolchain's kernel headers (KH=), no strip
# (Buildroot strips the target), and -z norelro: RELRO does nothing in a
# static musl binary and pads it by up to 64 KiB on aarch64.
# tests/t_build.sh runs these very lines, with each cross compiler.
NSINIT_MAKE_OPTS = \
	CC="$(TARGET_CC)" CFLAGS="$(TARGET_CFLAGS)" \
	LDFLAGS="$(TARGET_LDFLAGS) -Wl,-z,norelro" \
	CONFIG="$(if $(NSINIT_CONFIG_PATH),$(NSINIT_CONFIG_PATH),config.h)" \
	CAPNG="$(STAGING_DIR)/usr" KH= STRIP= O="$(@D)/out"

define NSINIT_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSINIT_MAKE_OPTS)
endef

# As the system's init: /sbin/init for a root filesystem, /init for an
# initramfs (Buildroot's cpio image leaves an existing /init alone). The
# links are absolute: /sbin may itself be a link to usr/sbin.
ifeq ($(BR2_PACKAGE_NSINIT_INIT),y)
define NSINIT_INSTALL_INIT
	mkdir -p $(TARGET_DIR)/sbin
	ln -sfn /usr/sbin/nsinit $(TARGET_DIR)/sbin/init
	ln -sfn /usr/sbin/nsinit $(TARGET_DIR)/init
endef
endif

define NSINIT_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSINIT_MAKE_OPTS) \
		DESTDIR="$(TARGET_DIR)" PREFIX=/usr install
	$(NSINIT_INSTALL_INIT)
endef

$(eval $(generic-package))
