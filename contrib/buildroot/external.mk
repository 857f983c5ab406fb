# SPDX-License-Identifier: MIT
include $(sort $(wildcard $(BR2_EXTERNAL_NSINIT_PATH)/package/*/*.mk))
