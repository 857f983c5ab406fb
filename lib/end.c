/* SPDX-License-Identifier: MIT */
/* end.h: how a machine ends, and the words for it. */
#include <errno.h>
#include <string.h>

#include "end.h"
#include "util.h"

static const char *const names[] = {
	[END_POWEROFF] = "poweroff", [END_REBOOT] = "reboot",
	[END_HALT] = "halt", [END_RESTART] = "restart",
	[END_RESCUE] = "rescue",
};

const char *
end_name(enum boot_end end)
{
	return (unsigned)end < LEN(names) ? names[end] : "?";
}

int
end_parse(const char *word)
{
	size_t i;

	for (i = 0; word && i < LEN(names); i++)
		if (strcmp(word, names[i]) == 0)
			return (int)i;
	return -EINVAL;
}
