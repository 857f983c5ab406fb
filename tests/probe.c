/* SPDX-License-Identifier: MIT */
/*
 * probe: runs inside a container and answers questions about the process
 * it is, so that tests can see what the setup did from the inside.
 *
 *   probe KEY...    prints one "KEY=value" line per KEY, in order.
 *
 * A value that cannot be read is printed as "error: <strerror text>".
 * An unknown KEY prints nothing on stdout, a message on stderr and exits 2.
 * Test tool only: not part of init.  No heap; libc headers only.
 *
 * Build: musl-gcc -static -Os -o build/probe tests/probe.c
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/ip_icmp.h>
#include <sys/socket.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* newer than some libcs' headers; one number on every architecture */
#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif
#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467
#endif

extern char **environ;

/* Big enough for /proc/self/mountinfo of a busy host; bss, costs nothing unused. */
static char filebuf[1 << 20];
static gid_t groups[NGROUPS_MAX];
static int fds[4096];

static void
print_error(int err)
{
	printf("error: %s", strerror(err));
}

/* Reads all of PATH into filebuf, NUL-terminated.  Returns length or -errno. */
static long
read_all(const char *path)
{
	size_t len = 0;
	ssize_t n;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((n = read(fd, filebuf + len, sizeof(filebuf) - 1 - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			close(fd);
			return -err;
		}
		len += (size_t)n;
		if (len == sizeof(filebuf) - 1) {
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	filebuf[len] = '\0';
	return (long)len;
}

/* Prints the value of field NAME ("CapEff") of /proc/self/status. */
static void
status_field(const char *name)
{
	size_t nlen = strlen(name);
	long r = read_all("/proc/self/status");
	char *line;

	if (r < 0) {
		print_error((int)-r);
		return;
	}
	for (line = filebuf; line && *line; line = strchr(line, '\n')) {
		if (*line == '\n')
			line++;
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ':') {
			line += nlen + 1;
			line += strspn(line, " \t");
			printf("%.*s", (int)strcspn(line, "\n"), line);
			return;
		}
	}
	printf("error: no %s in /proc/self/status", name);
}

static void
k_hostname(const char *arg)
{
	struct utsname u;

	(void)arg;
	if (uname(&u) < 0)
		print_error(errno);
	else
		printf("%s", u.nodename);
}

static void
k_domainname(const char *arg)
{
	struct utsname u;

	(void)arg;
	if (uname(&u) < 0)
		print_error(errno);
	else
		printf("%s", u.domainname);
}

static void
k_uid(const char *arg)
{
	uid_t r, e, s;

	(void)arg;
	if (getresuid(&r, &e, &s) < 0)
		print_error(errno);
	else
		printf("%u,%u,%u", (unsigned)r, (unsigned)e, (unsigned)s);
}

static void
k_gid(const char *arg)
{
	gid_t r, e, s;

	(void)arg;
	if (getresgid(&r, &e, &s) < 0)
		print_error(errno);
	else
		printf("%u,%u,%u", (unsigned)r, (unsigned)e, (unsigned)s);
}

static int
cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;

	return (x > y) - (x < y);
}

static void
k_groups(const char *arg)
{
	int i, n;

	(void)arg;
	n = getgroups((int)LEN(groups), groups);
	if (n < 0) {
		print_error(errno);
		return;
	}
	qsort(groups, (size_t)n, sizeof(groups[0]), cmp_gid);
	for (i = 0; i < n; i++)
		printf("%s%u", i ? "," : "", (unsigned)groups[i]);
}

static void k_capinh(const char *arg) { (void)arg; status_field("CapInh"); }
static void k_capprm(const char *arg) { (void)arg; status_field("CapPrm"); }
static void k_capeff(const char *arg) { (void)arg; status_field("CapEff"); }
static void k_capbnd(const char *arg) { (void)arg; status_field("CapBnd"); }
static void k_capamb(const char *arg) { (void)arg; status_field("CapAmb"); }
static void k_sigblk(const char *arg) { (void)arg; status_field("SigBlk"); }
static void k_sigign(const char *arg) { (void)arg; status_field("SigIgn"); }

static void
print_prctl(int option)
{
	int r = prctl(option, 0, 0, 0, 0);

	if (r < 0)
		print_error(errno);
	else
		printf("%d", r);
}

static void k_nonewprivs(const char *arg) { (void)arg; print_prctl(PR_GET_NO_NEW_PRIVS); }
static void k_dumpable(const char *arg) { (void)arg; print_prctl(PR_GET_DUMPABLE); }

static void
k_cwd(const char *arg)
{
	char buf[PATH_MAX];

	(void)arg;
	if (!getcwd(buf, sizeof(buf)))
		print_error(errno);
	else
		printf("%s", buf);
}

static void
k_umask(const char *arg)
{
	mode_t m = umask(0);

	(void)arg;
	umask(m);
	printf("%04o", (unsigned)m);
}

static void k_isatty0(const char *arg) { (void)arg; printf("%d", isatty(0)); }
static void k_isatty1(const char *arg) { (void)arg; printf("%d", isatty(1)); }
static void k_isatty2(const char *arg) { (void)arg; printf("%d", isatty(2)); }

static void
k_ctty(const char *arg)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);

	(void)arg;
	printf("%d", fd >= 0);
	if (fd >= 0)
		close(fd);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Lists /proc/self/fd with getdents64 into a static buffer: no opendir, no heap. */
static void
k_fds(const char *arg)
{
	static union { struct dirent d; char b[8192]; } u;
	size_t n = 0, i;
	int dfd, len, off;

	(void)arg;
	dfd = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		print_error(errno);
		return;
	}
	while ((len = (int)getdents64(dfd, &u.d, sizeof(u.b))) > 0) {
		for (off = 0; off < len; ) {
			struct dirent *d = (struct dirent *)(u.b + off);
			char *end;
			long fd = strtol(d->d_name, &end, 10);

			off += d->d_reclen;
			if (*end || end == d->d_name || fd == dfd || n == LEN(fds))
				continue;
			fds[n++] = (int)fd;
		}
	}
	if (len < 0)
		print_error(errno);
	close(dfd);
	if (len < 0)
		return;
	qsort(fds, n, sizeof(fds[0]), cmp_int);
	for (i = 0; i < n; i++)
		printf("%s%d", i ? "," : "", fds[i]);
}

static void k_pid(const char *arg) { (void)arg; printf("%d", (int)getpid()); }
static void k_ppid(const char *arg) { (void)arg; printf("%d", (int)getppid()); }
static void k_pgid(const char *arg) { (void)arg; printf("%d", (int)getpgrp()); }
static void k_sid(const char *arg) { (void)arg; printf("%d", (int)getsid(0)); }
static void k_tcpgrp(const char *arg) { (void)arg; printf("%d", (int)tcgetpgrp(0)); }

static void
k_env(const char *name)
{
	const char *v = getenv(name);

	printf("%s", v ? v : "");
}

/* Undoes mountinfo's octal escapes (\040 for space) in place. */
static void
unescape(char *s)
{
	char *w = s;

	for (; *s; s++, w++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*w = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*w = *s;
		}
	}
	*w = '\0';
}

/*
 * mountinfo line: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPER
 * Prints "FSTYPE OPTIONS" of the last (topmost) mount on exactly PATH, or "none".
 */
static void
k_mount(const char *path)
{
	char fstype[64] = "", opts[256] = "";
	long r = read_all("/proc/self/mountinfo");
	char *line, *next, *f[6], *dash, *save;
	int i;

	if (r < 0) {
		print_error((int)-r);
		return;
	}
	for (line = filebuf; *line; line = next) {
		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		dash = strstr(line, " - ");
		if (!dash)
			continue;
		*dash = '\0';
		for (i = 0, save = NULL; i < 6; i++)
			if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
				break;
		if (i < 6)
			continue;
		unescape(f[4]);
		if (strcmp(f[4], path) != 0)
			continue;
		snprintf(opts, sizeof(opts), "%s", f[5]);
		snprintf(fstype, sizeof(fstype), "%.*s",
			 (int)strcspn(dash + 3, " "), dash + 3);
	}
	if (*fstype)
		printf("%s %s", fstype, opts);
	else
		printf("none");
}

static void
k_mounts(const char *arg)
{
	long r = read_all("/proc/self/mountinfo"), i, n = 0;

	(void)arg;
	if (r < 0) {
		print_error((int)-r);
		return;
	}
	for (i = 0; i < r; i++)
		n += filebuf[i] == '\n';
	printf("%ld", n);
}

static char
type_letter(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return 'f';
	}
}

static void
k_stat(const char *path)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;
	char t;

	if (lstat(path, &st) < 0) {
		printf("missing");
		return;
	}
	t = type_letter(st.st_mode);
	if (t == 'l') {
		n = readlink(path, target, sizeof(target) - 1);
		if (n < 0) {
			print_error(errno);
			return;
		}
		printf("l ->%.*s", (int)n, target);
	} else if (t == 'c' || t == 'b') {
		printf("%c %u:%u %04o", t, major(st.st_rdev), minor(st.st_rdev),
		       (unsigned)(st.st_mode & 07777));
	} else {
		printf("%c %04o", t, (unsigned)(st.st_mode & 07777));
	}
}

static void
k_write(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	int err;

	if (fd < 0) {
		printf("%s", strerror(errno));
		return;
	}
	if (write(fd, "x", 1) != 1) {
		err = errno;
		close(fd);
		printf("%s", strerror(err));
		return;
	}
	close(fd);
	printf("ok");
}

/* orphans:N: N processes whose parent exits before they are reaped, so
 * that init inherits N zombies. Prints how many were made. */
static void
k_orphans(const char *arg)
{
	long i, n = strtol(arg, NULL, 10);
	pid_t middle;
	int st;

	middle = fork();
	if (middle == 0) {
		for (i = 0; i < n; i++) {
			pid_t pid = fork();

			if (pid == 0)
				_exit(0);
			if (pid < 0)
				_exit(1);
		}
		_exit(0);
	}
	if (middle < 0 || waitpid(middle, &st, 0) != middle || st != 0) {
		printf("error: fork");
		return;
	}
	printf("%ld", n);
}

static int
count_zombies(void)
{
	char path[300], *state;
	struct dirent *d;
	int n = 0, fd;
	ssize_t len;
	DIR *dir = opendir("/proc");

	while (dir && (d = readdir(dir))) {
		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", d->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		len = read(fd, path, sizeof(path) - 1);
		close(fd);
		path[len > 0 ? len : 0] = '\0';
		state = strrchr(path, ')');
		n += state && state[1] == ' ' && state[2] == 'Z';
	}
	if (dir)
		closedir(dir);
	return n;
}

/* zombies: the number of zombies in this PID namespace, once it stops
 * falling (reaping is asynchronous: wait up to 10 s for it to reach 0). */
static void
k_zombies(const char *arg)
{
	struct timespec tick = { .tv_nsec = 10000000 };
	int i, n = count_zombies();

	(void)arg;
	for (i = 0; n > 0 && i < 1000; i++) {
		nanosleep(&tick, NULL);
		n = count_zombies();
	}
	printf("%d", n);
}

/* forks:N: tries to have N children at once (each waits for the end of a
 * pipe), then ends them. Prints how many forks succeeded: against
 * pids.max, the limit minus the processes already in the cgroup. */
static void
k_forks(const char *arg)
{
	long i, n = strtol(arg, NULL, 10), made = 0;
	int p[2];
	char c;

	if (pipe(p) < 0) {
		print_error(errno);
		return;
	}
	for (i = 0; i < n; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			close(p[1]);
			_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
		}
		made += pid > 0;
	}
	close(p[0]);
	close(p[1]);
	while (wait(NULL) > 0)
		;
	printf("%ld", made);
}

/* alloc:MB: maps MB MiB and touches every page; prints MB if it lived
 * (against memory.max, it does not: the OOM killer ends it). */
static void
k_alloc(const char *arg)
{
	long mb = strtol(arg, NULL, 10), i;
	char *m = mmap(NULL, (size_t)mb << 20, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (m == MAP_FAILED) {
		print_error(errno);
		return;
	}
	for (i = 0; i < mb << 20; i += 4096)
		m[i] = 1;
	munmap(m, (size_t)mb << 20);
	printf("%ld", mb);
}

/* read:PATH: how many bytes PATH gives (up to 64 KiB), or the error. */
static void
k_read(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0) {
		print_error(errno);
		return;
	}
	n = read(fd, filebuf, 65536);
	if (n < 0)
		print_error(errno);
	else
		printf("%zd", n);
	close(fd);
}

/* ptrace:PID: PTRACE_ATTACH to PID ("ok", detached again, or the error). */
static void
k_ptrace(const char *arg)
{
	pid_t pid = (pid_t)strtol(arg, NULL, 10);

	if (ptrace(PTRACE_ATTACH, pid, 0, 0) < 0) {
		print_error(errno);
		return;
	}
	waitpid(pid, NULL, __WALL);
	ptrace(PTRACE_DETACH, pid, 0, 0);
	printf("ok");
}

/* openbyhandle: "Shocker": a handle of / turned back into an open file. */
static void
k_openbyhandle(const char *arg)
{
	static union { struct file_handle h; char b[MAX_HANDLE_SZ + 8]; } u;
	int mnt, fd;

	(void)arg;
	u.h.handle_bytes = MAX_HANDLE_SZ;
	if (name_to_handle_at(AT_FDCWD, "/", &u.h, &mnt, 0) < 0) {
		printf("name_to_handle_at: ");
		print_error(errno);
		return;
	}
	mnt = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	fd = open_by_handle_at(mnt, &u.h, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		print_error(errno);
	else
		printf("ok");
	if (fd >= 0)
		close(fd);
	close(mnt);
}

/* sys:NAME: the syscall with all arguments 0: "ok", or its error (a
 * filter's EPERM, where the kernel itself would say EFAULT or EINVAL). */
static const struct {
	const char *name;
	long nr;
} syscalls[] = {
	{ "mount", SYS_mount }, { "umount2", SYS_umount2 },
	{ "keyctl", SYS_keyctl }, { "add_key", SYS_add_key },
	{ "open_by_handle_at", SYS_open_by_handle_at },
	{ "fsopen", SYS_fsopen }, { "kexec_load", SYS_kexec_load },
	{ "getppid", SYS_getppid },
	/* appended for t_attack_appliance.sh */
	{ "quotactl_fd", SYS_quotactl_fd }, { "adjtimex", SYS_adjtimex },
	{ "pidfd_getfd", SYS_pidfd_getfd },
	{ "process_madvise", SYS_process_madvise }, { "kcmp", SYS_kcmp },
	{ "open_tree_attr", SYS_open_tree_attr }, { "setns", SYS_setns },
	{ "clone3", SYS_clone3 },
	/* appended for t_fallback.sh: whether this kernel has it */
	{ "mount_setattr", SYS_mount_setattr },
};

static void
k_sys(const char *name)
{
	size_t i;

	for (i = 0; i < LEN(syscalls); i++) {
		if (strcmp(syscalls[i].name, name) == 0) {
			if (syscall(syscalls[i].nr, 0, 0, 0, 0, 0, 0) < 0)
				print_error(errno);
			else
				printf("ok");
			return;
		}
	}
	printf("error: unknown syscall %s", name);
}

/* --- t_attack_appliance.sh: what an appliance tries against its host --- */

/* tiocsti:TEXT pushes TEXT and a newline into the terminal on fd 0, as
 * typed there (CVE-2017-5226); tiocsti64:TEXT does it with the high bits
 * of the request set, which the kernel drops (its cmd is an int). */
static void
push_input(const char *text, unsigned long high)
{
	const char *p;
	char nl = '\n';

	for (p = text; ; p++) {
		if (syscall(SYS_ioctl, 0, (unsigned long)TIOCSTI | high,
			    *p ? p : &nl) < 0) {
			print_error(errno);
			return;
		}
		if (!*p)
			break;
	}
	printf("ok");
}

static void k_tiocsti(const char *text) { push_input(text, 0); }
static void k_tiocsti64(const char *text) { push_input(text, ~0UL ^ 0xffffffffUL); }

/* tioclinux: TIOCLINUX's harmless shift-state query on fd 0 */
static void
k_tioclinux(const char *arg)
{
	char sub = 6;	/* TIOCL_GETSHIFTSTATE */

	(void)arg;
	if (ioctl(0, TIOCLINUX, &sub) < 0)
		print_error(errno);
	else
		printf("ok");
}

/* Runs FN(ARG) in a child, so that what it changes stays there; prints
 * "ok" or the error it returned. */
static void
in_child(int (*fn)(unsigned long), const char *arg)
{
	unsigned long v = strtoul(arg, NULL, 0);
	pid_t pid = fork();
	int st;

	if (pid == 0)
		_exit(fn(v));
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		printf("error: child");
		return;
	}
	if (WEXITSTATUS(st))
		print_error(WEXITSTATUS(st));
	else
		printf("ok");
}

static int
do_unshare(unsigned long flags)
{
	return unshare((int)flags) < 0 ? errno : 0;
}

/* a raw clone, as fork with FLAGS; the new process exits at once */
static int
do_clone(unsigned long flags)
{
	long pid = syscall(SYS_clone, flags | SIGCHLD, 0, 0, 0, 0);

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	return waitpid((pid_t)pid, NULL, 0) == pid ? 0 : errno;
}

static int
do_clone3(unsigned long flags)
{
	struct {
		uint64_t flags, pidfd, child_tid, parent_tid, exit_signal,
			 stack, stack_size, tls;
	} a = { .flags = flags, .exit_signal = SIGCHLD };
	long pid = syscall(SYS_clone3, &a, sizeof(a));

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno;
	return waitpid((pid_t)pid, NULL, 0) == pid ? 0 : errno;
}

static int
do_personality(unsigned long persona)
{
	return syscall(SYS_personality, persona) < 0 ? errno : 0;
}

static int
do_socket(unsigned long family)
{
	int fd = socket((int)family, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);

	return fd < 0 ? errno : 0;
}

static int
do_socketpair(unsigned long family)
{
	int sv[2];

	return socketpair((int)family, SOCK_SEQPACKET | SOCK_CLOEXEC, 0,
			  sv) < 0 ? errno : 0;
}

/* unshare:FLAGS clone:FLAGS clone3:FLAGS personality:VALUE socket:FAMILY
 * socketpair:FAMILY (SOCK_SEQPACKET); numbers as strtoul reads them */
static void k_unshare(const char *a) { in_child(do_unshare, a); }
static void k_clone(const char *a) { in_child(do_clone, a); }
static void k_clone3(const char *a) { in_child(do_clone3, a); }
static void k_personality(const char *a) { in_child(do_personality, a); }
static void k_socket(const char *a) { in_child(do_socket, a); }
static void k_socketpair(const char *a) { in_child(do_socketpair, a); }

/* spawn:PATH: posix_spawn (musl: clone with CLONE_VM|CLONE_VFORK), and
 * PATH's exit status */
static void
k_spawn(const char *path)
{
	char *const argv[] = { (char *)path, NULL };
	pid_t pid;
	int err, st;

	err = posix_spawn(&pid, path, NULL, NULL, argv, environ);
	if (err) {
		print_error(err);
		return;
	}
	if (waitpid(pid, &st, 0) != pid)
		print_error(errno);
	else
		printf("%d", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

/* chrootescape:DIR: the classic way out of a chroot (CAP_SYS_CHROOT):
 * chroot into DIR with the cwd left outside, walk up, chroot there; then
 * "ok:" and the name of PID 2 of the procfs found at /proc (kthreadd: the
 * machine's), or the first error. */
static void
k_chrootescape(const char *dir)
{
	char comm[64] = "";
	int i, fd;
	ssize_t n;

	if ((mkdir(dir, 0700) < 0 && errno != EEXIST) || chroot(dir) < 0) {
		print_error(errno);
		return;
	}
	for (i = 0; i < 64; i++)
		if (chdir("..") < 0)
			break;
	if (chroot(".") < 0) {
		print_error(errno);
		return;
	}
	fd = open("/proc/2/comm", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, comm, sizeof(comm) - 1);
	if (n > 0 && comm[n - 1] == '\n')
		n--;
	printf("ok:%.*s", n > 0 ? (int)n : 0, comm);
	if (fd >= 0)
		close(fd);
}

/* ping:ADDR: one ICMP echo to the IPv4 ADDR over an ICMP echo socket
 * (SOCK_DGRAM: no CAP_NET_RAW, net.ipv4.ping_group_range decides; busybox
 * 1.35's ping only tries a raw socket): "ok" when the reply came within
 * 5 s, or the error. */
static void
k_ping(const char *addr)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct icmphdr req = { .type = ICMP_ECHO }, rep = { 0 };
	struct timeval tv = { .tv_sec = 5 };
	int s;

	if (inet_pton(AF_INET, addr, &to.sin_addr) != 1) {
		printf("error: not an IPv4 address");
		return;
	}
	s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_ICMP);
	if (s < 0) {
		print_error(errno);
		return;
	}
	if (setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) < 0 ||
	    sendto(s, &req, sizeof(req), 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0 ||
	    recv(s, &rep, sizeof(rep), 0) < 0)
		print_error(errno);
	else
		printf(rep.type == ICMP_ECHOREPLY ? "ok" : "error: no echo reply");
	close(s);
}

/* name ending in ':' takes the rest of the argument as its parameter */
static const struct key {
	const char *name;
	void (*fn)(const char *arg);
} keys[] = {
	{ "hostname", k_hostname },	{ "domainname", k_domainname },
	{ "uid", k_uid },		{ "gid", k_gid },
	{ "groups", k_groups },
	{ "capinh", k_capinh },		{ "capprm", k_capprm },
	{ "capeff", k_capeff },		{ "capbnd", k_capbnd },
	{ "capamb", k_capamb },
	{ "nonewprivs", k_nonewprivs },	{ "dumpable", k_dumpable },
	{ "cwd", k_cwd },		{ "umask", k_umask },
	{ "isatty0", k_isatty0 },	{ "isatty1", k_isatty1 },
	{ "isatty2", k_isatty2 },	{ "ctty", k_ctty },
	{ "sigblk", k_sigblk },		{ "sigign", k_sigign },
	{ "fds", k_fds },
	{ "pid", k_pid },		{ "ppid", k_ppid },
	{ "pgid", k_pgid },		{ "sid", k_sid },
	{ "tcpgrp", k_tcpgrp },
	{ "env:", k_env },		{ "mount:", k_mount },
	{ "mounts", k_mounts },		{ "stat:", k_stat },
	{ "write:", k_write },
	{ "orphans:", k_orphans },	{ "zombies", k_zombies },
	{ "forks:", k_forks },		{ "alloc:", k_alloc },
	{ "read:", k_read },		{ "ptrace:", k_ptrace },
	{ "openbyhandle", k_openbyhandle }, { "sys:", k_sys },
	{ "tiocsti:", k_tiocsti },	{ "tiocsti64:", k_tiocsti64 },
	{ "tioclinux", k_tioclinux },	{ "unshare:", k_unshare },
	{ "clone:", k_clone },		{ "clone3:", k_clone3 },
	{ "personality:", k_personality }, { "socket:", k_socket },
	{ "socketpair:", k_socketpair },	{ "spawn:", k_spawn },
	{ "chrootescape:", k_chrootescape },
	{ "ping:", k_ping },
};

/* Returns the key ARG asks for and sets *param, or NULL if unknown. */
static const struct key *
find_key(const char *arg, const char **param)
{
	size_t i, n;

	for (i = 0; i < LEN(keys); i++) {
		n = strlen(keys[i].name);
		if (keys[i].name[n - 1] == ':') {
			if (strncmp(arg, keys[i].name, n) == 0 && arg[n]) {
				*param = arg + n;
				return &keys[i];
			}
		} else if (strcmp(arg, keys[i].name) == 0) {
			*param = arg;
			return &keys[i];
		}
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	const char *param;
	int i, bad = 0;

	for (i = 1; i < argc; i++) {
		if (!find_key(argv[i], &param)) {
			fprintf(stderr, "probe: unknown key: %s\n", argv[i]);
			bad = 1;
		}
	}
	if (bad)
		return 2;
	for (i = 1; i < argc; i++) {
		const struct key *k = find_key(argv[i], &param);

		printf("%s=", argv[i]);
		k->fn(param);
		putchar('\n');
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
