/* SPDX-License-Identifier: MIT */
/* libFuzzer target for lib/passwd.c and lib/lines.c: any bytes as an id, a passwd or
 * group line, a member list, and a file read by each_line. Each result is
 * compared with a plain model of what the function promises. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "lines.h"
#include "passwd.h"
#include "util.h"


/* parse_id: decimal digits only, at most 0xfffffffe; read left to right,
 * so the first fault found names the error. */
static void
check_id(const char *s)
{
	unsigned long long v = 0;
	unsigned id = 7;
	int want = *s ? 0 : -EINVAL, rc = parse_id(s, &id);
	const char *c;

	for (c = s; *c && !want; c++) {
		if (*c < '0' || *c > '9')
			want = -EINVAL;
		else if ((v = v * 10 + (unsigned)(*c - '0')) > 0xfffffffeULL)
			want = -ERANGE;
	}
	CHECK(rc == want);
	CHECK(rc ? id == 7 : id == v);
}

/* Field i of a ':'-separated copy, for the model. */
static const char *
field(char *copy, int i)
{
	char *f = copy, *end;

	while (i-- && f)
		f = (f = strchr(f, ':')) ? f + 1 : NULL;
	if (f && (end = strchr(f, ':')))
		*end = '\0';
	return f;
}

static int
colons(const char *s)
{
	int n = 0;

	while ((s = strchr(s, ':')))
		s++, n++;
	return n;
}

static int
id_ok(const char *s)
{
	unsigned id;

	return parse_id(s, &id) == 0;
}

static void
check_passwd(const char *s, size_t len)
{
	char *line = strdup(s), *a = strdup(s), *b = strdup(s), *c = strdup(s);
	struct pwent pw;
	int want, rc;

	CHECK(line && a && b && c);
	want = colons(s) == 6 && *field(a, 0) && id_ok(field(b, 2)) &&
	       id_ok(field(c, 3));
	rc = passwd_line(line, &pw);
	CHECK(rc == (want ? 0 : -EINVAL));
	if (rc == 0) {
		CHECK(pw.name == line && *pw.name && !strchr(pw.name, ':'));
		CHECK(pw.home > line && pw.home + strlen(pw.home) <= line + len);
		CHECK(!strchr(pw.home, ':'));
		CHECK(pw.uid != 0xffffffffu && pw.gid != 0xffffffffu);
	}
	free(line), free(a), free(b), free(c);
}

static void
check_group(const char *s, size_t len)
{
	char *line = strdup(s), *a = strdup(s), *b = strdup(s);
	struct grent gr;
	int want, rc;

	CHECK(line && a && b);
	want = colons(s) == 3 && *field(a, 0) && id_ok(field(b, 2));
	rc = group_line(line, &gr);
	CHECK(rc == (want ? 0 : -EINVAL));
	if (rc == 0) {
		CHECK(gr.name == line && *gr.name);
		CHECK(gr.members > line &&
		      gr.members + strlen(gr.members) <= line + len);
		CHECK(!strchr(gr.members, ':'));
	}
	free(line), free(a), free(b);
}

/* member_of: name is one of the comma-separated members, whole. The
 * input is "members\nname". A name holding ',' is no user's name: it
 * is never a member. */
static void
check_member(const char *s)
{
	char *copy = strdup(s), *nl, *name = "", *m, *p;
	int got, want = 0;

	CHECK(copy);
	if ((nl = strchr(copy, '\n'))) {
		*nl = '\0';
		name = nl + 1;
	}
	got = member_of(copy, name);
	for (p = copy; *name && !strchr(name, ',') && (m = strsep(&p, ","));)
		want |= !strcmp(m, name);
	CHECK(got == want);
	free(copy);
}

/* each_line, against the model: the lines are data cut at '\n' (no empty
 * last line after a final '\n'), and those longer than size - 2 bytes or
 * holding a NUL are skipped. The callback stops it at line stop_at. */
struct model {
	const uint8_t *data;
	size_t size, pos, len, seen, stop_at;
	char *buf, *bufsize;
};

/* The next line of data the reader should pass on, or 0 at the end. */
static int
next_line(struct model *m, const uint8_t **line)
{
	const uint8_t *nl;
	size_t bufsize = (size_t)(m->bufsize - m->buf);

	while (m->pos < m->len) {
		*line = m->data + m->pos;
		nl = memchr(*line, '\n', m->len - m->pos);
		m->size = nl ? (size_t)(nl - *line) : m->len - m->pos;
		m->pos += m->size + 1;
		if (m->size <= bufsize - 2 && !memchr(*line, '\0', m->size))
			return 1;
	}
	return 0;
}

static int
on_line(char *line, void *arg)
{
	struct model *m = arg;
	const uint8_t *want;

	CHECK(line >= m->buf && line + strlen(line) < m->bufsize);
	CHECK(next_line(m, &want));
	CHECK(strlen(line) == m->size && !memcmp(line, want, m->size));
	return ++m->seen == m->stop_at ? 7 : 0;
}

static void
check_each_line(const uint8_t *data, size_t size)
{
	struct model m = { .data = data + 2, .len = size - 2 };
	size_t bufsize = 2 + data[0] % 64;
	const uint8_t *rest;
	int fd, rc;

	m.stop_at = data[1] % 8;	/* 0: never */
	m.buf = malloc(bufsize);	/* exact, for ASan */
	m.bufsize = m.buf + bufsize;
	fd = memfd_create("fuzz", 0);
	CHECK(m.buf && fd >= 0);
	CHECK(write(fd, m.data, m.len) == (ssize_t)m.len);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	rc = each_line(fd, m.buf, bufsize, on_line, &m);
	if (m.stop_at && m.seen == m.stop_at)
		CHECK(rc == 7);
	else
		CHECK(rc == 0 && !next_line(&m, &rest));
	close(fd);
	free(m.buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	size_t len;

	CHECK(s);
	memcpy(s, data, size);
	s[size] = '\0';
	len = strlen(s);
	check_id(s);
	check_passwd(s, len);
	check_group(s, len);
	check_member(s);
	if (size >= 2)
		check_each_line(data, size);
	free(s);
	return 0;
}
