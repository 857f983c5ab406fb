/* SPDX-License-Identifier: MIT */
/* nsinit: the types config.h fills in, and what the stages of several
 * situations share. The order the stages run in is init.c's tables, and
 * only there. */
#ifndef NSINIT_H
#define NSINIT_H

#include <stdbool.h>
#include <signal.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "end.h"
#include "log.h"
#include "util.h"

/* One bind mount, from the host (or, with in_root, from inside the rootfs)
 * onto a path inside the container. */
struct bind_mount {
	const char *source;	/* absolute host path */
	const char *target;	/* absolute path inside the container */
	bool readonly;		/* read-only, recursively, really (not just MS_RDONLY at bind time) */
	bool nosuid, nodev, noexec;
	bool dev;		/* device nodes of the source work; default: nodev,
				 * as everything that is not nsinit's own /dev */
	unsigned long propagation; /* MS_PRIVATE, MS_SLAVE, MS_SHARED or 0: as the parent */
	bool optional;		/* a missing source is skipped with a warning, not an error */
	const char *tmpfs;	/* instead of a source (NULL then): a new tmpfs
				 * with these options, "size=16M,mode=1777"
				 * ("" for none) */
};

/* One range of a user namespace's uid or gid map. */
struct id_map {
	unsigned inside, outside, count;
};
#define ID_SELF ((unsigned)-1)	/* outside: the launcher's own uid or gid (rootless) */

/* The network: the container's interfaces, as the launcher brings them in
 * (see nsinit(8), NETWORK). Addresses are "10.0.2.15/24" or "fd00::2/64". */
enum net_kind {
	NET_VETH,		/* a veth pair made by the launcher, one end inside */
	NET_MOVE,		/* an existing host interface, moved in */
	NET_MACVLAN,		/* a macvlan (bridge mode) on a host interface */
};

struct net_route {
	const char *dst;	/* "10.1.0.0/16", "fd01::/48" */
	const char *via;	/* the gateway; NULL: on the link */
};

#define NET_MAX 8		/* interfaces per container */

struct net_if {
	enum net_kind kind;
	const char *name;	/* inside; NULL: "eth0" */
	const char *host;	/* VETH: the host end, NULL: "nsi<launcher pid>-<n>";
				 * MOVE, MACVLAN: the host interface */
	unsigned mtu;		/* of both ends of a veth; 0: the kernel's */
	const char *mac;	/* inside, "02:00:00:00:00:01"; NULL: the kernel's */
	const char *const *addrs;	/* inside, NULL-terminated */
	const char *const *host_addrs;	/* VETH: the host end's, NULL-terminated */
	const char *gateway4;	/* default IPv4 route inside; NULL: none */
	const char *gateway6;	/* default IPv6 route inside; NULL: none */
	const struct net_route *routes;	/* more routes inside */
	size_t nroutes;
	const char *bridge;	/* VETH: the host end joins this bridge; NULL: none */
};

/* A sysctl set inside, through the container's own /proc/sys. */
struct sysctl {
	const char *key;	/* "net.ipv4.ip_forward" */
	const char *value;	/* "1" */
};

/* A signal init receives and the one the appliance gets for it
 * (.signal_map): SIGTERM to SIGINT for PostgreSQL's fast shutdown. */
struct signal_map {
	int from, to;
};

/* What the appliance keeps of what init was started with instead of what
 * init would set (.inherit): PID 1 of someone else's container. */
#define INHERIT_ROOT	0x01	/* namespaces, mounts, /dev, network, names:
				 * no setup of its own (and no launcher) */
#define INHERIT_ENV	0x02	/* the environment, instead of .envp */
#define INHERIT_WORKDIR	0x04	/* the working directory, instead of .workdir */
#define INHERIT_USER	0x08	/* uid, gid and groups, instead of .user */
#define INHERIT_CAPS	0x10	/* every capability set, bounding included,
				 * instead of .caps */
#define INHERIT_UMASK	0x20	/* the umask, instead of .umask */
#define INHERIT_ALL	0x3f

/* What init does when the appliance has ended (see nsinit(8), PID 1). */
enum restart {
	RESTART_NO,		/* init ends with the appliance's status */
	RESTART_ON_FAILURE,	/* start it again unless it ended with 0 */
	RESTART_ALWAYS,		/* start it again, whatever its status */
};

/* Boot mode: a filesystem mounted before the appliance, in the final
 * root (after switch_root), in the order of the list. */
struct boot_mount {
	const char *source;	/* a block device: "/dev/vdb1", "LABEL=data",
				 * "UUID=...", "PARTUUID=..."; "tmpfs";
				 * "overlay" (a tmpfs over what the target
				 * holds); a virtio-9p tag (any other word, or
				 * .fstype "9p"); or, with MS_BIND, a directory
				 * of the machine */
	const char *target;	/* absolute, made when missing */
	const char *fstype;	/* NULL: as the device's bytes say */
	const char *options;	/* the filesystem's, "size=16M,mode=0755" */
	unsigned long flags;	/* MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC,
				 * MS_BIND */
	bool optional;		/* a device that does not appear is skipped
				 * with a line, not a failure */
};
#define BOOT_MOUNTS_MAX 32	/* config.h's and nsinit.mount='s, together */
/* Boot mode: the machine's hardware watchdog (see doc/boot.md, "The
 * hardware watchdog"). Init feeds it while it makes progress and disarms
 * it on a clean end; it stops feeding it on purpose, and the hardware resets the board,
 * when the policy gives up. */
struct watchdog {
	const char *device;	/* "/dev/watchdog0"; NULL: no watchdog */
	unsigned timeout;	/* seconds, set with WDIOC_SETTIMEOUT; 0: the driver's */
	unsigned give_up_after;	/* appliance failures in a row that stop the
				 * feeding; 0: never */
	unsigned window_s;	/* ... the last within this many seconds of the
				 * first; 0: however far apart */
	bool give_up_on_setup;	/* a setup failure once it is open stops the
				 * feeding, instead of .boot.on_failure */
};

/* Boot mode: what the kernel's own init does before the appliance. */
/* .boot.modules = MODULES_AUTO: no list, the modules the hardware asks
 * for (.modules_auto); a list and .modules_auto = true: both */
#define MODULES_AUTO NULL, .modules_auto = true

struct boot {
	const char *const *modules; /* loaded in order with their dependencies */
	bool modules_auto;	/* then those the hardware asks for (modalias in
				 * /sys/devices against modules.alias), and the
				 * root's filesystem */
	const char *iface;	/* the machine's interface to configure, or NULL */
	const char *address;	/* its "ADDR/PREFIX" */
	const char *gateway;	/* default route via, or NULL */
	unsigned wait_ms;	/* for the interface, the root and the watchdog */
	const char *root;	/* block device to switch_root to: "/dev/vda",
				 * "LABEL=x", "UUID=x", "PARTUUID=x"; a virtio-9p
				 * share, "9p:TAG"; or NULL */
	const char *root_fstype; /* its filesystem, e.g. "ext4"; NULL: as
				  * the device's bytes say */
	const char *overlay;	/* the root read-only under an overlay whose
				 * upper is "tmpfs" (volatile) or a block
				 * device as .root names one (persistent);
				 * NULL: the root as it is, read-write */
	const char *next_init;	/* after switch_root, exec this instead */
	bool container;		/* run the appliance in a container (namespaces) */
	bool cgroup2;		/* mount cgroup2 on /sys/fs/cgroup */
	enum boot_end on_exit;	/* when the appliance ends */
	enum boot_end on_failure; /* when setup fails: END_RESCUE or a stop */
	const char *rescue_shell; /* on the console, for END_RESCUE */
	bool debug_exit;	/* also write the status to QEMU's isa-debug-exit */
	bool rescue;		/* a rescue shell instead of the appliance */
	int verbose;		/* 1: timings on the console */
	const struct boot_mount *mounts; /* mounted after the root, in order */
	size_t nmounts;
	const char *stdio[3];	/* the appliance's fds 0, 1, 2, opened after
				 * the mounts: a file, or a device such as a
				 * second serial port or a virtio console
				 * ("/dev/hvc0"; a tty gets raw output);
				 * NULL: the console */
	struct watchdog watchdog; /* opened after the modules; device NULL: none */
};

struct config {
	const char *rootfs;	/* root filesystem directory on the host */
	int namespaces;		/* CLONE_NEW* flags the launcher creates */
	const struct id_map *uid_map, *gid_map; /* with CLONE_NEWUSER */
	size_t uid_maps, gid_maps;
	bool propagation_slave;	/* host mounts propagate in (MS_SLAVE) instead of MS_PRIVATE */
	const char *hostname;	/* NULL: keep */
	const char *domainname;	/* NULL: keep */
	const char *const *argv; /* the appliance, NULL-terminated; argv[0] searched in PATH */
	const char *const *envp; /* its environment, NULL-terminated */
	const char *user;	/* "name", "uid" or "uid:gid"; NULL: root */
	const unsigned *groups;	/* the user's supplementary groups, by number
				 * (0 only here); NULL: those the image's
				 * /etc/group lists it in, never gid 0 */
	size_t ngroups;
	const char *workdir;	/* inside the container; NULL: "/" */
	mode_t umask;		/* the appliance's; 0 (left out): 022;
				 * UMASK(0): 0 (any value may be written so) */
	const struct bind_mount *mounts;
	size_t nmounts;
	bool tty;		/* a pty from the launcher as the console and fds 0-2 */
	bool tty_strings;	/* pass the appliance's OSC, DCS, SOS, PM and APC
				 * strings (title, clipboard, queries) to the
				 * caller's terminal; default: dropped */
	const int *caps;	/* capabilities kept (CAP_*); the rest are dropped */
	size_t ncaps;
	bool ambient_caps;	/* also raise the kept caps as inheritable+ambient,
				 * so that a non-root user keeps them across exec */
	bool readonly_root;	/* remount the new root read-only */
	unsigned grace_ms;	/* SIGTERM to SIGKILL, at the end and on request */
	bool signal_group;	/* forward signals to the appliance's process group */
	const struct signal_map *signal_map; /* what the appliance gets instead */
	size_t nsignal_map;
	unsigned inherit;	/* INHERIT_*: kept as init was started; 0: none */
	unsigned pass_fds;	/* fds 3.. passed on, announced as LISTEN_FDS */
	const int *success_codes; /* exit codes reported as 0 */
	size_t nsuccess;
	enum restart restart;
	unsigned restart_max_ms; /* backoff doubles from 100 ms up to this; 0: 10 s */
	struct boot boot;	/* as the machine's init */
	const struct net_if *net; /* the container's interfaces, with CLONE_NEWNET */
	size_t nnet;
	const char *hosts;	/* /etc/hosts inside, bound over the image's; NULL: keep */
	const char *resolv_conf; /* /etc/resolv.conf inside, likewise; NULL: keep */
	const struct sysctl *sysctls; /* set inside; namespaced keys only */
	size_t nsysctls;
	const char *memory_max;	/* cgroup v2 memory.max, "64M"; NULL: not set */
	const char *pids_max;	/* cgroup v2 pids.max, "100"; NULL: not set */
	const char *cpu_max;	/* cgroup v2 cpu.max, "50000 100000" (quota period, us); NULL: not set */
	const char *cgroup_parent; /* of the container's cgroup, below the cgroup2 root; NULL: "/nsinit" */
	/* hardening (nsinit(8), SECURITY): a zero field is the protected default */
	const char *const *masked_paths; /* NULL-terminated; NULL: the default list, {NULL}: none */
	const char *const *readonly_paths; /* likewise */
	const int *seccomp_deny; /* SYS_* that fail with EPERM; NULL: the default list */
	size_t nseccomp_deny;	/* 0 with a non-NULL seccomp_deny: no filter (and
				 * none of seccomp.c's argument rules) */
	bool allow_new_privs;	/* no no_new_privs: setuid and file caps work in the appliance */
	bool init_dumpable;	/* init stays dumpable (ptrace, /proc/1/mem from inside) */
	bool no_exe_copy;	/* run from the binary on disk, not a sealed memfd copy */
	const struct rlim *rlimits; /* the appliance's; unlisted ones as inherited */
	size_t nrlimits;
	const int *oom_score_adj; /* -1000..1000, written for init; NULL: inherited */
	const char *apparmor_profile; /* applied on the appliance's exec; NULL: none */
};

/* Fields as in force, where one left out means something: read by the
 * launcher, the container's init and config_check alike. */

/* The name of interface n inside the container. */
static inline const char *
net_name(const struct net_if *n)
{
	return n->name ? n->name : "eth0";
}

/* Whether the container gets a cgroup of its own. */
static inline bool
cgroup_wanted(const struct config *c)
{
	return c->memory_max || c->pids_max || c->cpu_max || c->cgroup_parent;
}

/* Restarts (init's restart policy, and the launcher's after reboot(2)
 * inside): the delay starts at RESTART_MIN_MS and doubles up to
 * restart_max(); a run that lasted at least restart_max() was healthy,
 * and the delay after it starts again. */
#define RESTART_MIN_MS 100
static inline unsigned
restart_max(const struct config *c)
{
	return c->restart_max_ms ? c->restart_max_ms : 10000;
}

/* The delay after a run begun at started: back to its start when the run
 * was healthy. */
static inline unsigned
restart_after(const struct config *c, unsigned delay,
	      const struct timespec *started)
{
	return since_us(started) >= restart_max(c) * 1000LL ?
	       RESTART_MIN_MS : delay;
}

/* The delay after this one: twice it, up to restart_max(). */
static inline unsigned
restart_doubled(const struct config *c, unsigned delay)
{
	return delay * 2 > restart_max(c) ? restart_max(c) : delay * 2;
}

/* .umask as written: a bit above the mode says it was asked for, so that
 * a umask left out (0) is the safe 022 and 0 is there only when asked. */
#define UMASK_SET 01000
#define UMASK(m) ((mode_t)((m) | UMASK_SET))

static inline mode_t
umask_of(const struct config *c)
{
	return c->umask & UMASK_SET ? c->umask & 0777 :
	       c->umask ? c->umask : 022;
}

/* A resource limit of the appliance (setrlimit). */
struct rlim {
	int resource;		/* RLIMIT_NOFILE, ... */
	unsigned long soft, hard; /* RLIM_INFINITY: none */
};

#define SECCOMP_MAX 200		/* syscalls in a configured deny-list */

/* What the container's init keeps across stages, and across the fork of
 * the appliance: file descriptors, and the user resolved in the image
 * (state.c). Stages keep nothing in file statics, but where a comment
 * there says why (boot/modules.c's tables, boot/cmdline.c's overrides);
 * the launcher's state is its own (struct launch, launcher/launch.c). */
#define USER_GROUPS 64

struct user {
	unsigned uid, gid;
	unsigned groups[USER_GROUPS];	/* the supplementary ones */
	size_t ngroups;
	char name[64];
	char home[256];
	bool known;	/* found in /etc/passwd */
};

struct state {
	int rootfd;	/* the new root, bound on itself (rootfs), then "/" */
	int procfd;	/* the root of the container's procfs mount, or -1 */
	int sysfd;	/* the root of its sysfs mount, or -1 */
	int console;	/* pty slave from the launcher, or -1 */
	int report;	/* pipe to the launcher for a setup failure, or -1 */
	int stdio[3];	/* boot mode: the appliance's fds 0-2 (.boot.stdio), or -1 */
	const char *failed; /* boot mode: the setup row that failed, or NULL */
	int rescue_fd;	/* boot mode, once sealed: the initramfs's rescue
			 * shell, a sealed memfd copy, or -1 */
	bool switched;	/* boot mode: the root is a disk's (or a share's) */
	bool sealed;	/* boot mode: untrusted code may run from now on (a
			 * disk's files, a container, the appliance): PID 1
			 * runs nothing by path any more (boot_seal) */
	struct user user;	/* stage_user: the appliance's, for stage_appliance_user */
	struct {		/* boot mode: the open watchdog (boot/watchdog.c) */
		int fd;		/* -1: none, or disarmed */
		unsigned feed_ms; /* a third of the timeout the driver took */
		bool gave_up;	/* not fed any more: the hardware resets */
		unsigned failures; /* appliance failures in a row ... */
		struct timespec first; /* ... since the first of them */
	} wd;
};
extern struct state state;	/* state.c */
void state_init(void);		/* every fd -1: first thing in main */

/* Stages: 0 or -errno, after reporting their own failure once; the label
 * of their lines is their row's name (log_stage). Here those that more
 * than one situation runs; each situation's own are in its folder's
 * header (container/container.h, boot/boot.h, launcher/host.h). By file: */
typedef int stage_fn(const struct config *);
stage_fn stage_pdeathsig;	/* prctl.c: die with the launcher */
stage_fn stage_nodump;		/* prctl.c: init not dumpable */
stage_fn stage_nonewprivs;	/* prctl.c: no_new_privs */
stage_fn stage_sysctl;		/* sysctl.c: through the container's /proc */
stage_fn stage_hostname;	/* hostname.c */
stage_fn stage_user;		/* user.c: resolve the user in the new /etc */
stage_fn stage_appliance_user;	/* user.c: groups, gid, uid (keeping caps) */
stage_fn stage_caps;		/* caps.c: bounding set, while still root */
stage_fn stage_caps_sets;	/* caps.c: permitted, effective, inheritable, ambient */
stage_fn stage_workdir;		/* exec.c */
stage_fn stage_seccomp;		/* seccomp.c */
stage_fn stage_oom;		/* harden.c: oom_score_adj, inherited */
stage_fn stage_rlimits;		/* harden.c */
stage_fn stage_apparmor;	/* harden.c: the profile for the exec */

/* harden.c: re-exec from a sealed memfd copy of this binary; returns
 * 0 when this already is one, -errno on failure (reported) */
int exe_sealed(char **argv);
/* harden.c: the file on fd copied into a sealed memfd, or -errno */
int sealed_copy(int fd);
/* harden.c: our /proc/<pid>/file, in the container's procfs */
int proc_open(const char *file, int flags);
const char *rlimit_name(int resource);	/* "nofile", or NULL */
int harden_check(const struct config *c); /* harden.c: for config_check */
/* the lists in force, the configured or the default ones */
size_t seccomp_list(const struct config *c, const int **list);
/* seccomp.c: the i-th argument rule in force and the errno it gives,
 * or NULL past the last */
const char *seccomp_rule(const struct config *c, size_t i, int *err);
/* seccomp.c: the filter itself, into prog (SECCOMP_PROG instructions at
 * most): its length, 0 when it did not fit */
#define SECCOMP_PROG 256
struct sock_filter;
size_t seccomp_filter(const struct config *c, struct sock_filter *prog);
size_t caps_list(const struct config *c, const int **list);
bool caps_keep(const struct config *c, int cap);
/* harden.c: the masked and read-only paths in force */
const char *const *masked_paths(const struct config *c);
const char *const *readonly_paths(const struct config *c);
/* user.c: HOME of the resolved user, for an environment without one */
const char *user_home(void);
/* exec.c: never returns; 127 not found, 126 not executable */
void exec_appliance(const struct config *c) __attribute__((noreturn));

/* check.c: the rules of rules.h and what only the running system knows */
int config_check(const struct config *c, bool with_rootfs);
/* print.c: --print-config */
void print_config(const struct config *c);

/* A setup failure, sent from the container's init to the launcher. */
struct report {
	int err;		/* -errno */
	char stage[16];
	char msg[232];		/* the line, as printed */
};

#endif
