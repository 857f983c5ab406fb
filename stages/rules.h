/* SPDX-License-Identifier: MIT */
/* Rules a configuration must follow, as one list: init.c checks them at
 * compile time on config.h (a broken rule is a compile error with its
 * message), check.c at start on what the command line made of it. */
#ifndef NSINIT_RULES_H
#define NSINIT_RULES_H

#include <sched.h>

#define CONFIG_RULES(X, c)						\
	X(((c)->inherit & INHERIT_ROOT) || ((c)->rootfs && (c)->rootfs[0]), \
	  "rootfs must name a directory")				\
	X((c)->argv && (c)->argv[0] && (c)->argv[0][0],			\
	  "argv must name a command")					\
	X(((c)->inherit & INHERIT_ROOT) ||				\
	  ((c)->namespaces & (CLONE_NEWNS | CLONE_NEWPID)) ==		\
	  (CLONE_NEWNS | CLONE_NEWPID),					\
	  "namespaces must include CLONE_NEWNS and CLONE_NEWPID")	\
	X(!((c)->inherit & INHERIT_ROOT) ||				\
	  (!(c)->rootfs && !(c)->namespaces && !(c)->nmounts &&	\
	   !(c)->tty && !(c)->readonly_root && !(c)->hosts &&		\
	   !(c)->resolv_conf && !(c)->nsysctls && !(c)->memory_max &&	\
	   !(c)->pids_max && !(c)->cpu_max && !(c)->cgroup_parent &&	\
	   !(c)->masked_paths && !(c)->readonly_paths &&		\
	   !(c)->oom_score_adj),					\
	  "INHERIT_ROOT sets nothing up: no rootfs, namespaces, mounts, " \
	  "tty, readonly_root, hosts, resolv_conf, sysctls, cgroup, "	\
	  "masked_paths, readonly_paths or oom_score_adj")		\
	X(!((c)->inherit & INHERIT_USER) || !(c)->user,		\
	  "INHERIT_USER and user exclude each other")			\
	X(!((c)->inherit & INHERIT_WORKDIR) || !(c)->workdir,		\
	  "INHERIT_WORKDIR and workdir exclude each other")		\
	X(!((c)->inherit & INHERIT_ENV) || !(c)->envp,			\
	  "INHERIT_ENV and envp exclude each other")			\
	X(!((c)->inherit & INHERIT_CAPS) ||				\
	  (!(c)->caps && !(c)->ambient_caps),				\
	  "INHERIT_CAPS and caps exclude each other")			\
	X(!((c)->inherit & INHERIT_UMASK) || !(c)->umask,		\
	  "INHERIT_UMASK and umask exclude each other")			\
	X(!((c)->inherit & ~INHERIT_ALL), "inherit takes INHERIT_* bits") \
	X((c)->nsignal_map == 0 || (c)->signal_map,			\
	  "nsignal_map counts entries that signal_map does not have")	\
	X((c)->nsignal_map <= 16, "signal_map has at most 16 entries")	\
	X(!((c)->hostname || (c)->domainname) ||			\
	  ((c)->namespaces & CLONE_NEWUTS),				\
	  "hostname and domainname need CLONE_NEWUTS")			\
	X(!((c)->namespaces & CLONE_NEWUSER) ==				\
	  !((c)->uid_maps && (c)->gid_maps),				\
	  "CLONE_NEWUSER needs uid_map and gid_map, and they need it")	\
	X((c)->uid_maps == 0 || (c)->uid_map,				\
	  "uid_maps counts entries that uid_map does not have")		\
	X((c)->gid_maps == 0 || (c)->gid_map,				\
	  "gid_maps counts entries that gid_map does not have")		\
	X((c)->nmounts == 0 || (c)->mounts,				\
	  "nmounts counts entries that mounts does not have")		\
	X((c)->ncaps == 0 || (c)->caps,					\
	  "ncaps counts entries that caps does not have")		\
	X((c)->ngroups == 0 || (c)->groups,				\
	  "ngroups counts entries that groups does not have")		\
	X((c)->ngroups <= USER_GROUPS,					\
	  "groups has at most USER_GROUPS (64) entries")		\
	X(!(c)->workdir || (c)->workdir[0] == '/',			\
	  "workdir must be an absolute path")				\
	X(((c)->umask & ~(mode_t)(UMASK_SET | 0777)) == 0,		\
	  "umask must be at most 0777 (or UMASK(0777))")		\
	X((c)->nsuccess == 0 || (c)->success_codes,			\
	  "nsuccess counts entries that success_codes does not have")	\
	X((c)->pass_fds <= 64, "pass_fds is at most 64")			\
	X((c)->nnet == 0 || (c)->net,					\
	  "nnet counts entries that net does not have")			\
	X((c)->nnet == 0 || ((c)->namespaces & CLONE_NEWNET),		\
	  "net interfaces need CLONE_NEWNET")				\
	X((c)->nnet <= NET_MAX, "at most NET_MAX (8) net interfaces")	\
	X((c)->nsysctls == 0 || (c)->sysctls,				\
	  "nsysctls counts entries that sysctls does not have")	\
	X((c)->nseccomp_deny == 0 || (c)->seccomp_deny,		\
	  "nseccomp_deny counts entries that seccomp_deny does not have") \
	X((c)->nseccomp_deny <= SECCOMP_MAX,				\
	  "seccomp_deny has at most SECCOMP_MAX (200) syscalls")	\
	X((c)->nrlimits == 0 || (c)->rlimits,				\
	  "nrlimits counts entries that rlimits does not have")		\
	X((c)->boot.nmounts == 0 || (c)->boot.mounts,			\
	  "boot.nmounts counts entries that boot.mounts does not have")	\
	X((c)->boot.nmounts <= BOOT_MOUNTS_MAX,				\
	  "boot.mounts has at most BOOT_MOUNTS_MAX (32) entries")	\
	X((unsigned)(c)->boot.on_exit <= END_RESCUE,			\
	  "boot.on_exit must be one of END_POWEROFF, END_REBOOT, "	\
	  "END_HALT, END_RESTART, END_RESCUE")				\
	X((unsigned)(c)->boot.on_failure <= END_RESCUE,		\
	  "boot.on_failure must be one of END_POWEROFF, END_REBOOT, "	\
	  "END_HALT, END_RESTART, END_RESCUE")				\
	X(!(c)->boot.watchdog.device || !(c)->boot.container,		\
	  "a watchdog is fed by the machine's init: not with .boot.container")

#endif
