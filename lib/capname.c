/* SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <sys/prctl.h>
#include <linux/capability.h>

#include "capname.h"
#include "util.h"

/* The kernel's names of the capabilities (CAP_NET_RAW: net_raw), as
 * libcap-ng spells them; its capng_capability_to_name would bring malloc
 * and free into the binary for the numbers it has no name for. */
static const char *const cap_names[] = {
	[CAP_CHOWN] = "chown", [CAP_DAC_OVERRIDE] = "dac_override",
	[CAP_DAC_READ_SEARCH] = "dac_read_search", [CAP_FOWNER] = "fowner",
	[CAP_FSETID] = "fsetid", [CAP_KILL] = "kill",
	[CAP_SETGID] = "setgid", [CAP_SETUID] = "setuid",
	[CAP_SETPCAP] = "setpcap", [CAP_LINUX_IMMUTABLE] = "linux_immutable",
	[CAP_NET_BIND_SERVICE] = "net_bind_service",
	[CAP_NET_BROADCAST] = "net_broadcast", [CAP_NET_ADMIN] = "net_admin",
	[CAP_NET_RAW] = "net_raw", [CAP_IPC_LOCK] = "ipc_lock",
	[CAP_IPC_OWNER] = "ipc_owner", [CAP_SYS_MODULE] = "sys_module",
	[CAP_SYS_RAWIO] = "sys_rawio", [CAP_SYS_CHROOT] = "sys_chroot",
	[CAP_SYS_PTRACE] = "sys_ptrace", [CAP_SYS_PACCT] = "sys_pacct",
	[CAP_SYS_ADMIN] = "sys_admin", [CAP_SYS_BOOT] = "sys_boot",
	[CAP_SYS_NICE] = "sys_nice", [CAP_SYS_RESOURCE] = "sys_resource",
	[CAP_SYS_TIME] = "sys_time", [CAP_SYS_TTY_CONFIG] = "sys_tty_config",
	[CAP_MKNOD] = "mknod", [CAP_LEASE] = "lease",
	[CAP_AUDIT_WRITE] = "audit_write",
	[CAP_AUDIT_CONTROL] = "audit_control", [CAP_SETFCAP] = "setfcap",
	[CAP_MAC_OVERRIDE] = "mac_override", [CAP_MAC_ADMIN] = "mac_admin",
	[CAP_SYSLOG] = "syslog", [CAP_WAKE_ALARM] = "wake_alarm",
	[CAP_BLOCK_SUSPEND] = "block_suspend",
	[CAP_AUDIT_READ] = "audit_read", [CAP_PERFMON] = "perfmon",
	[CAP_BPF] = "bpf", [CAP_CHECKPOINT_RESTORE] = "checkpoint_restore",
};

/* As libcap-ng: no name for a number the running kernel does not know
 * (its cap_valid asks the kernel, as PR_CAPBSET_READ does), cap_N for
 * one that it knows and the table does not. */
const char *
cap_name(int cap, char *buf, size_t size)
{
	if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) < 0)
		return NULL;
	if ((size_t)cap < LEN(cap_names) && cap_names[cap])
		return cap_names[cap];
	snprintf(buf, size, "cap_%u", (unsigned)cap);
	return buf;
}
