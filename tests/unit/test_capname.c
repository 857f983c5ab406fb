/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/capname.c: a capability's name as libcap-ng spells
 * it, and none for a number the running kernel does not know. */
#include <string.h>
#include <linux/capability.h>

#include "capname.h"
#include "unit.h"
#include "util.h"

static int
a_known_capability_has_the_kernel_s_name(void)
{
	char buf[16];

	CHECK(strcmp(cap_name(CAP_NET_RAW, buf, sizeof(buf)), "net_raw") == 0);
	CHECK(strcmp(cap_name(CAP_CHOWN, buf, sizeof(buf)), "chown") == 0);
	CHECK(strcmp(cap_name(CAP_SYS_ADMIN, buf, sizeof(buf)), "sys_admin") == 0);
	return 1;
}

/* No kernel knows capability 63 (the last is 40 or 41 today). */
static int
a_number_the_kernel_does_not_know_has_no_name(void)
{
	char buf[16];

	CHECK(cap_name(63, buf, sizeof(buf)) == NULL);
	CHECK(cap_name(-1, buf, sizeof(buf)) == NULL);
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(a_known_capability_has_the_kernel_s_name),
		T(a_number_the_kernel_does_not_know_has_no_name),
	};

	return run_tests(t, LEN(t));
}
