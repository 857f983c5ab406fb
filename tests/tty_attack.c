/* SPDX-License-Identifier: MIT */
/* tty_attack: what an appliance without any capability can do to a
 * terminal it holds as fd 0, 1 or 2 (issue found on the caller's own
 * terminal): for each of the fds, a window size of 65535x65535 (the
 * caller's foreground job gets SIGWINCH), echo, canonical mode, signal
 * keys and IXON off, the interrupt key NUL, TIOCSTI, and output stopped
 * (tcflow TCOOFF, last). Prints one line per fd and act, "ok" or the
 * error, on stderr before the output is stopped. A test tool
 * (tests/t_attack_host.sh). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static void
said(int fd, const char *what, int rc)
{
	fprintf(stderr, "fd%d %s: %s\n", fd, what, rc < 0 ? strerror(errno) : "ok");
}

int
main(void)
{
	struct winsize ws = { .ws_row = 65535, .ws_col = 65535 };
	struct termios t;
	char c = 'x';
	int fd, rc;

	for (fd = 0; fd < 3; fd++) {
		said(fd, "TIOCSWINSZ", ioctl(fd, TIOCSWINSZ, &ws));
		rc = tcgetattr(fd, &t);
		if (rc == 0) {
			t.c_lflag &= ~(tcflag_t)(ECHO | ICANON | ISIG);
			t.c_iflag &= ~(tcflag_t)IXON;
			t.c_cc[VINTR] = 0;
			rc = tcsetattr(fd, TCSANOW, &t);
		}
		said(fd, "tcsetattr", rc);
		said(fd, "TIOCSTI", ioctl(fd, TIOCSTI, &c));
	}
	for (fd = 0; fd < 3; fd++) {
		rc = tcflow(fd, TCOOFF);
		if (rc < 0)
			said(fd, "TCOOFF", rc);
	}
	return 0;
}
