################################################################################
#
# nsinit
#
################################################################################

# The source is the tree this BR2_EXTERNAL lives in: recipe and source go
# together, and nothing is downloaded (so nsinit.hash lists nothing).
NSINIT_VERSION = 0.1
NSINIT_SITE = $(BR2_EXTERNAL_NSINIT_PATH)/../..
NSINIT_SITE_METHOD = local
NSINIT_DEPENDENCIES = libcap-ng

NSINIT_CONFIG_FILE = $(call qstrip,$(BR2_PACKAGE_NSINIT_CONFIG))

# nsinit's own Makefile, with Buildroot's compiler and flags (added after
# nsinit's), its libcap-ng, the toolchain's kernel headers (KH=), no strip
# (Buildroot strips the target), and -z norelro: RELRO does nothing in a
# static musl binary and pads it by up to 64 KiB on aarch64.
# tests/t_build.sh runs these very lines, with each cross compiler.
NSINIT_MAKE_OPTS = \
	CC="$(TARGET_CC)" CFLAGS="$(TARGET_CFLAGS)" \
	LDFLAGS="$(TARGET_LDFLAGS) -Wl,-z,norelro" \
	CONFIG="$(if $(NSINIT_CONFIG_FILE),$(abspath $(NSINIT_CONFIG_FILE)),config.h)" \
	CAPNG="$(STAGING_DIR)/usr" KH= STRIP= O="$(@D)/out"

define NSINIT_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSINIT_MAKE_OPTS)
endef

define NSINIT_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(NSINIT_MAKE_OPTS) \
		DESTDIR="$(TARGET_DIR)" PREFIX=/usr install
endef

$(eval $(generic-package))
