/* tests/unit.c: unit tests of the plan tier: the parsers and the plan,
 * everything rootinit decides before its first change.  No privileges.
 *
 * One line per test, "ok NAME" or "not ok NAME: why"; tests/run counts
 * them.  Errors go through die()/diex(); die_set_jump() turns their exit
 * into a longjmp carrying the status, and stderr is captured meanwhile so
 * the message can be checked as well. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "rootinit.h"

#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef MS_LAZYTIME
#define MS_LAZYTIME (1 << 25)
#endif

static jmp_buf jb;
static char why[1024];
static char msg[2048];		/* stderr of the last EXPECT_DIE */
static struct plan plan;
static int nfail, ntest;

static void
fail(const char *fmt, ...)
{
	va_list ap;

	if (why[0])
		return;		/* the first failure of a test is its reason */
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
}

#define CHECK(c) do { \
	if (!(c)) fail("line %d: %s", __LINE__, #c); \
} while (0)

#define CHECK_INT(got, want) do { \
	unsigned long long g_ = (unsigned long long)(got), w_ = (unsigned long long)(want); \
	if (g_ != w_) fail("line %d: %s is %llu (%#llo), want %llu (%#llo)", \
	    __LINE__, #got, g_, g_, w_, w_); \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!g_ || strcmp(g_, w_)) fail("line %d: %s is '%s', want '%s'", \
	    __LINE__, #got, g_ ? g_ : "(null)", w_); \
} while (0)

/* stderr into a temporary file while a call that may die runs. */
static int saved_fd = -1;
static FILE *cap;

static void
capture_begin(void)
{
	fflush(stderr);
	cap = tmpfile();
	if (!cap) {
		perror("tmpfile");
		exit(1);
	}
	saved_fd = dup(2);
	dup2(fileno(cap), 2);
}

static void
capture_end(void)
{
	size_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	rewind(cap);
	n = fread(msg, 1, sizeof(msg) - 1, cap);
	msg[n] = '\0';
	fclose(cap);
}

/* The message of a die(): one line, "rootinit: " first, naming sub. */
static void
check_message(int line, const char *sub)
{
	const char *nl = strchr(msg, '\n');

	if (strncmp(msg, "rootinit: ", 10))
		fail("line %d: message [%s] does not start with 'rootinit: '", line, msg);
	else if (!nl || nl[1])
		fail("line %d: message [%s] is not exactly one line", line, msg);
	else if (sub && !strstr(msg, sub))
		fail("line %d: message [%.*s] does not name '%s'", line,
		    (int)(nl - msg), msg, sub);
}

/* Run stmt; it must die with status want, its message naming sub. */
#define EXPECT_DIE(want, sub, stmt) do { \
	volatile int st_; \
	capture_begin(); \
	if ((st_ = setjmp(jb)) == 0) { \
		stmt; \
		st_ = -1; \
	} \
	capture_end(); \
	if (st_ == -1) \
		fail("line %d: %s returned; want exit %d", __LINE__, #stmt, (want)); \
	else if (st_ != (want)) \
		fail("line %d: %s exited %d, want %d [%s]", __LINE__, #stmt, st_, \
		    (want), msg); \
	else \
		check_message(__LINE__, (sub)); \
} while (0)

/* Run stmt; it must not die. */
#define EXPECT_LIVE(stmt) do { \
	volatile int st_; \
	capture_begin(); \
	if ((st_ = setjmp(jb)) == 0) { \
		stmt; \
	} \
	capture_end(); \
	if (st_) \
		fail("line %d: %s exited %d [%s]", __LINE__, #stmt, st_, msg); \
} while (0)

static void
run(const char *name, void (*fn)(void))
{
	why[0] = '\0';
	plan_init(&plan);
	fn();
	ntest++;
	if (why[0]) {
		char *c;

		for (c = why; *c; c++)	/* keep the line one printable line */
			if ((unsigned char)*c < ' ' || *c == 0x7f)
				*c = '?';
		nfail++;
		printf("not ok %s: %s\n", name, why);
	} else {
		printf("ok %s\n", name);
	}
	fflush(stdout);
}

/* A writable copy of a literal, for the functions that split in place. */
static char *
w(const char *s)
{
	static char buf[256][256];	/* the plan keeps pointers into these */
	static int i;
	char *b = buf[i++ % 256];

	if (strlen(s) >= sizeof(buf[0]))
		fail("test bug: w() given %zu bytes", strlen(s));
	snprintf(b, sizeof(buf[0]), "%s", s);
	return b;
}

/* ---- fstab_split ---- */

static void
t_split_fields(void)
{
	char *f[4];
	char *l = w("proc /proc proc nosuid,noexec");

	CHECK_INT(fstab_split(l, f, 4), 4);
	CHECK_STR(f[0], "proc");
	CHECK_STR(f[1], "/proc");
	CHECK_STR(f[2], "proc");
	CHECK_STR(f[3], "nosuid,noexec");
}

static void
t_split_blanks_tabs(void)
{
	char *f[4];

	CHECK_INT(fstab_split(w("  a\t\t b \t c\t"), f, 4), 3);
	CHECK_STR(f[0], "a");
	CHECK_STR(f[1], "b");
	CHECK_STR(f[2], "c");
	CHECK_INT(fstab_split(w(""), f, 4), 0);
	CHECK_INT(fstab_split(w(" \t  "), f, 4), 0);
	CHECK_INT(fstab_split(w("one"), f, 4), 1);
	CHECK_STR(f[0], "one");
}

static void
t_split_escapes(void)
{
	char *f[4];

	CHECK_INT(fstab_split(w("a\\040b /x\\011y c\\134d"), f, 4), 3);
	CHECK_STR(f[0], "a b");
	CHECK_STR(f[1], "/x\ty");
	CHECK_STR(f[2], "c\\d");
	CHECK_INT(fstab_split(w("\\0401 \\377"), f, 4), 2);
	CHECK_STR(f[0], " 1");
	CHECK_STR(f[1], "\377");
	/* a backslash without three octal digits stays literal */
	CHECK_INT(fstab_split(w("a\\04 b\\x c\\ d\\"), f, 4), 4);
	CHECK_STR(f[0], "a\\04");
	CHECK_STR(f[1], "b\\x");
	CHECK_STR(f[2], "c\\");
	CHECK_STR(f[3], "d\\");
	CHECK_INT(fstab_split(w("a\\089"), f, 4), 1);
	CHECK_STR(f[0], "a\\089");
}

static void
t_split_bad_escape(void)
{
	char *f[4];

	CHECK_INT(fstab_split(w("a\\000b c"), f, 4), -2);
	CHECK_INT(fstab_split(w("a b\\000"), f, 4), -2);
	CHECK_INT(fstab_split(w("a \\400"), f, 4), -2);
	CHECK_INT(fstab_split(w("\\777"), f, 4), -2);
}

static void
t_split_too_many(void)
{
	char *f[4];

	CHECK_INT(fstab_split(w("a b c d e"), f, 4), -1);
	CHECK_INT(fstab_split(w("a b c d   \t"), f, 4), 4);
	CHECK_INT(fstab_split(w("a b"), f, 1), -1);
}

static void
t_print_escaped_roundtrip(void)
{
	static const char *const s[] = { "a b", "tab\there", "back\\slash",
	    "nl\nx", "del\177", "plain/path", "\\040", "\001\037 ~" };
	char *buf = NULL, *f[2];
	size_t len, i;
	FILE *m;

	for (i = 0; i < LEN(s); i++) {
		m = open_memstream(&buf, &len);
		print_escaped(m, s[i]);
		fclose(m);
		if (strpbrk(buf, " \t\n\177"))
			fail("'%s' printed with a blank or control: '%s'", s[i], buf);
		if (fstab_split(buf, f, 2) != 1 || strcmp(f[0], s[i]))
			fail("'%s' does not read back as one field", s[i]);
		free(buf);
		buf = NULL;
	}
	m = open_memstream(&buf, &len);
	print_escaped(m, "a b");
	fclose(m);
	CHECK_STR(buf, "a\\040b");
	free(buf);
}

/* ---- mount_options ---- */

static const struct {
	const char *name, *undo;
	unsigned long flag;
} flagopts[] = {
	{ "ro", "rw", MS_RDONLY },
	{ "nosuid", "suid", MS_NOSUID },
	{ "nodev", "dev", MS_NODEV },
	{ "noexec", "exec", MS_NOEXEC },
	{ "sync", "async", MS_SYNCHRONOUS },
	{ "dirsync", NULL, MS_DIRSYNC },
	{ "mand", "nomand", MS_MANDLOCK },
	{ "noatime", "atime", MS_NOATIME },
	{ "nodiratime", "diratime", MS_NODIRATIME },
	{ "relatime", "norelatime", MS_RELATIME },
	{ "strictatime", "nostrictatime", MS_STRICTATIME },
	{ "lazytime", "nolazytime", MS_LAZYTIME },
	{ "nosymfollow", NULL, MS_NOSYMFOLLOW },
};

static struct mnt m;

static void
opts(const char *o)
{
	memset(&m, 0, sizeof(m));
	m.dst = "/mnt";
	mount_options(&m, o);
}

static void
t_options_flags(void)
{
	char buf[64];
	size_t i;

	for (i = 0; i < LEN(flagopts); i++) {
		opts(flagopts[i].name);
		if (m.flags != flagopts[i].flag || m.prop || m.bind || m.data[0])
			fail("'%s': flags %#lx prop %#lx bind %d data '%s', want flags %#lx",
			    flagopts[i].name, m.flags, m.prop, m.bind, m.data,
			    flagopts[i].flag);
	}
	opts("defaults");
	CHECK_INT(m.flags, 0);
	CHECK_STR(m.data, "");
	snprintf(buf, sizeof(buf), "%s", "ro,nosuid,nodev,noexec");
	opts(buf);
	CHECK_INT(m.flags, MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
}

static void
t_options_set_clear(void)
{
	char buf[64];
	size_t i;

	for (i = 0; i < LEN(flagopts); i++) {
		if (!flagopts[i].undo)
			continue;
		opts(flagopts[i].undo);
		if (m.flags || m.data[0])
			fail("'%s' alone: flags %#lx data '%s'", flagopts[i].undo,
			    m.flags, m.data);
		snprintf(buf, sizeof(buf), "%s,%s", flagopts[i].name, flagopts[i].undo);
		opts(buf);
		if (m.flags || m.data[0])
			fail("'%s': flags %#lx data '%s', want 0", buf, m.flags, m.data);
		snprintf(buf, sizeof(buf), "%s,%s", flagopts[i].undo, flagopts[i].name);
		opts(buf);
		if (m.flags != flagopts[i].flag)
			fail("'%s': flags %#lx, want %#lx", buf, m.flags, flagopts[i].flag);
	}
	/* clearing one flag leaves the others */
	opts("ro,nosuid,suid");
	CHECK_INT(m.flags, MS_RDONLY);
}

static void
t_options_bind(void)
{
	opts("bind");
	CHECK_INT(m.bind, 1);
	CHECK_INT(m.flags, 0);
	CHECK_STR(m.data, "");
	opts("rbind");
	CHECK_INT(m.bind, 2);
	opts("bind,ro");
	CHECK_INT(m.bind, 1);
	CHECK_INT(m.flags, MS_RDONLY);
	opts("ro,bind,rbind");
	CHECK_INT(m.bind, 2);
	opts("ro");
	CHECK_INT(m.bind, 0);
}

static void
t_options_propagation(void)
{
	static const struct { const char *name; unsigned long prop; } p[] = {
		{ "private", MS_PRIVATE }, { "rprivate", MS_PRIVATE | MS_REC },
		{ "slave", MS_SLAVE }, { "rslave", MS_SLAVE | MS_REC },
		{ "shared", MS_SHARED }, { "rshared", MS_SHARED | MS_REC },
		{ "unbindable", MS_UNBINDABLE },
		{ "runbindable", MS_UNBINDABLE | MS_REC },
	};
	size_t i;

	for (i = 0; i < LEN(p); i++) {
		opts(p[i].name);
		if (m.prop != p[i].prop || m.flags || m.data[0])
			fail("'%s': prop %#lx flags %#lx data '%s', want prop %#lx",
			    p[i].name, m.prop, m.flags, m.data, p[i].prop);
	}
}

static void
t_options_data(void)
{
	opts("mode=755,ro,size=64m,nosuid,gid=5");
	CHECK_STR(m.data, "mode=755,size=64m,gid=5");
	CHECK_INT(m.flags, MS_RDONLY | MS_NOSUID);
	opts(",,mode=1777,,");
	CHECK_STR(m.data, "mode=1777");
	opts("");
	CHECK_STR(m.data, "");
	CHECK_INT(m.flags, 0);
	/* names match whole items only */
	opts("rox,xro,nosuid=1,bindx");
	CHECK_STR(m.data, "rox,xro,nosuid=1,bindx");
	CHECK_INT(m.flags, 0);
	CHECK_INT(m.bind, 0);
	/* option names are case-sensitive, as mount(8)'s */
	opts("RO");
	CHECK_STR(m.data, "RO");
	/* a second call starts afresh */
	opts("ro,rbind,private,size=1");
	mount_options(&m, "nodev");
	CHECK_INT(m.flags, MS_NODEV);
	CHECK_INT(m.bind, 0);
	CHECK_INT(m.prop, 0);
	CHECK_STR(m.data, "");
}

static void
t_options_data_overflow(void)
{
	char o[1200];

	/* 511 bytes of data fit in data[512] */
	memset(o, 'a', 511);
	o[511] = '\0';
	EXPECT_LIVE(opts(o));
	CHECK_INT(strlen(m.data), 511);
	memset(o, 'a', 512);
	o[512] = '\0';
	EXPECT_DIE(EXIT_USAGE, "/mnt", opts(o));
	/* 300 + ',' + 210 = 511 fits; 300 + ',' + 211 does not */
	memset(o, 'b', 300);
	o[300] = ',';
	memset(o + 301, 'c', 210);
	o[511] = '\0';
	EXPECT_LIVE(opts(o));
	CHECK_INT(strlen(m.data), 511);
	memset(o + 301, 'c', 211);
	o[512] = '\0';
	EXPECT_DIE(EXIT_USAGE, "511", opts(o));	/* names the limit */
	/* flag names do not count against the data */
	o[0] = '\0';
	while (strlen(o) < 1000)
		strcat(o, "ro,");
	EXPECT_LIVE(opts(o));
	CHECK_STR(m.data, "");
}

/* ---- paths ---- */

static void
t_path_check_good(void)
{
	static const char *const good[] = { "/", "/a", "/a/b/", "//a//b",
	    "/a/.b", "/a/..b", "/a/b.", "/...", "/a.", "/.hidden/x", "/a b" };
	char longp[4096];
	size_t i;

	for (i = 0; i < LEN(good); i++)
		EXPECT_LIVE(path_check("--test", good[i]));
	memset(longp, 'a', sizeof(longp) - 1);
	longp[0] = '/';
	longp[4095] = '\0';
	EXPECT_LIVE(path_check("--test", longp));	/* 4095 bytes */
}

static void
t_path_check_bad(void)
{
	static const char *const dots[] = { "/.", "/..", "/a/.", "/a/..", "/../a",
	    "/./a", "/a/./b", "/a/../b", "/a//../b" };
	char longp[4200];
	size_t i;

	EXPECT_DIE(EXIT_USAGE, "--test", path_check("--test", ""));
	EXPECT_DIE(EXIT_USAGE, "rel/x", path_check("--test", "rel/x"));
	EXPECT_DIE(EXIT_USAGE, "./a", path_check("--test", "./a"));
	for (i = 0; i < LEN(dots); i++)
		EXPECT_DIE(EXIT_USAGE, dots[i], path_check("--test", dots[i]));
	EXPECT_DIE(EXIT_USAGE, "--test", path_check("--test", "/a\001b"));
	EXPECT_DIE(EXIT_USAGE, "--test", path_check("--test", "/a\nb"));
	EXPECT_DIE(EXIT_USAGE, "--test", path_check("--test", "/a\177"));
	memset(longp, 'a', 4096);
	longp[0] = '/';
	longp[4096] = '\0';
	EXPECT_DIE(EXIT_USAGE, "--test", path_check("--test", longp));
}

static void
t_path_under(void)
{
	CHECK(path_under("/proc/sys", "/proc"));
	CHECK(path_under("/proc", "/proc"));
	CHECK(path_under("/proc/", "/proc"));
	CHECK(path_under("//proc//sys/", "/proc/"));
	CHECK(path_under("/anything/at/all", "/"));
	CHECK(path_under("/", "/"));
	CHECK(!path_under("/procx", "/proc"));
	CHECK(!path_under("/pro", "/proc"));
	CHECK(!path_under("/", "/proc"));
	CHECK(!path_under("/proc", "/proc/sys"));
	CHECK(!path_under("/sysfs", "/sys"));
	CHECK(!path_under("/a/proc", "/proc"));
}

static void
t_path_equal(void)
{
	CHECK(path_equal("/a/b", "/a//b/"));
	CHECK(path_equal("/", "//"));
	CHECK(path_equal("//dev/", "/dev"));
	CHECK(!path_equal("/a", "/a/b"));
	CHECK(!path_equal("/a/b", "/a"));
	CHECK(!path_equal("/a", "/b"));
	CHECK(!path_equal("/dev", "/"));
	CHECK(!path_equal("/dev", "/devx"));
}

/* ---- plan_add_mount ---- */

static void
t_add_mount(void)
{
	struct mnt *x;

	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /mnt tmpfs size=1m,ro,nodev")));
	CHECK_INT(plan.nmnt, 1);
	CHECK_INT(plan.nuser_mnt, 1);
	x = &plan.mnt[0];
	CHECK_STR(x->src, "tmpfs");
	CHECK_STR(x->dst, "/mnt");
	CHECK_STR(x->type, "tmpfs");
	CHECK_STR(x->opts, "size=1m,ro,nodev");
	CHECK_INT(x->flags, MS_RDONLY | MS_NODEV);
	CHECK_STR(x->data, "size=1m");
	CHECK_INT(x->bind, 0);
	EXPECT_LIVE(plan_add_mount(&plan, w("  a\\040b\t/my\\040dir  ext4 ")));
	CHECK_INT(plan.nmnt, 2);
	x = &plan.mnt[1];
	CHECK_STR(x->src, "a b");
	CHECK_STR(x->dst, "/my dir");
	CHECK_STR(x->type, "ext4");
	CHECK_STR(x->opts, "");
	CHECK_INT(x->flags, MS_NODEV);	/* nodev unless the options say dev */
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /d tmpfs dev")));
	CHECK_INT(plan.mnt[2].flags, 0);
	EXPECT_LIVE(plan_add_mount(&plan, w("devpts /p devpts newinstance")));
	CHECK_INT(plan.mnt[3].flags, 0);	/* a devpts's nodes are its ptys */
}

static void
t_add_mount_bind(void)
{
	EXPECT_LIVE(plan_add_mount(&plan, w("/src /a bind")));
	CHECK_INT(plan.mnt[0].bind, 1);
	EXPECT_LIVE(plan_add_mount(&plan, w("/src /b none bind,ro")));
	CHECK_INT(plan.mnt[1].bind, 1);
	CHECK_INT(plan.mnt[1].flags, MS_RDONLY | MS_NODEV);
	EXPECT_LIVE(plan_add_mount(&plan, w("/src /c none rbind")));
	CHECK_INT(plan.mnt[2].bind, 2);
	EXPECT_LIVE(plan_add_mount(&plan, w("/src /d bind rbind,nosuid")));
	CHECK_INT(plan.mnt[3].bind, 2);
	CHECK_INT(plan.mnt[3].flags, MS_NOSUID | MS_NODEV);
	EXPECT_LIVE(plan_add_mount(&plan, w("/src /e tmpfs ro")));
	CHECK_INT(plan.mnt[4].bind, 0);
}

static void
t_add_mount_errors(void)
{
	EXPECT_DIE(EXIT_USAGE, "proc /proc", plan_add_mount(&plan, w("proc /proc")));
	EXPECT_DIE(EXIT_USAGE, "--mount", plan_add_mount(&plan, w("")));
	EXPECT_DIE(EXIT_USAGE, "--mount", plan_add_mount(&plan, w("a")));
	EXPECT_DIE(EXIT_USAGE, "rel", plan_add_mount(&plan, w("tmpfs rel tmpfs")));
	EXPECT_DIE(EXIT_USAGE, "/a/../b", plan_add_mount(&plan, w("tmpfs /a/../b tmpfs")));
	EXPECT_DIE(EXIT_USAGE, "--mount", plan_add_mount(&plan, w("tmpfs /a\\001 tmpfs")));
	CHECK_INT(plan.nmnt, 0);
}

static void
t_add_mount_too_many_fields(void)
{
	EXPECT_DIE(EXIT_USAGE, "more than 4 fields",
	    plan_add_mount(&plan, w("a /b c d e")));
	CHECK_INT(plan.nmnt, 0);
}

static void
t_add_mount_bad_escape(void)
{
	EXPECT_DIE(EXIT_USAGE, "\\000", plan_add_mount(&plan, w("a /b\\000 tmpfs")));
	EXPECT_DIE(EXIT_USAGE, "--mount", plan_add_mount(&plan, w("a /b \\400")));
	CHECK_INT(plan.nmnt, 0);
}

static void
t_add_mount_capacity(void)
{
	char spec[64];
	int i;

	for (i = 0; i < MAX_MOUNTS; i++) {
		snprintf(spec, sizeof(spec), "tmpfs /m%d tmpfs", i);
		EXPECT_LIVE(plan_add_mount(&plan, w(spec)));
	}
	CHECK_INT(plan.nmnt, MAX_MOUNTS);
	EXPECT_DIE(EXIT_USAGE, "MAX_MOUNTS", plan_add_mount(&plan, w("tmpfs /last tmpfs")));
	CHECK_INT(plan.nmnt, MAX_MOUNTS);
}

/* ---- plan_add_device ---- */

static void
t_add_device(void)
{
	struct dev *d;

	EXPECT_LIVE(plan_add_device(&plan, w("/dev/fuse c 10 229")));
	d = &plan.dev[0];
	CHECK_STR(d->path, "/dev/fuse");
	CHECK_INT(d->type, 'c');
	CHECK_INT(d->major, 10);
	CHECK_INT(d->minor, 229);
	CHECK_INT(d->mode, 0666);
	CHECK_INT(d->uid, 0);
	CHECK_INT(d->gid, 0);
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/sda b 8 0 0640 1 6")));
	d = &plan.dev[1];
	CHECK_INT(d->type, 'b');
	CHECK_INT(d->major, 8);
	CHECK_INT(d->mode, 0640);
	CHECK_INT(d->uid, 1);
	CHECK_INT(d->gid, 6);
	EXPECT_LIVE(plan_add_device(&plan, w("/run/fifo p 0 0 600")));
	d = &plan.dev[2];
	CHECK_INT(d->type, 'p');
	CHECK_INT(d->mode, 0600);	/* MODE is octal with or without 0 */
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/max c 4095 1048575 07777 4294967294 4294967294")));
	d = &plan.dev[3];
	CHECK_INT(d->major, 4095);
	CHECK_INT(d->minor, 1048575);
	CHECK_INT(d->mode, 07777);
	CHECK_INT(d->uid, 4294967294U);
	CHECK_INT(d->gid, 4294967294U);
	CHECK_INT(plan.ndev, 4);
	CHECK_INT(plan.nuser_dev, 4);
}

static void
t_add_device_from_host(void)
{
	struct stat st;
	struct dev *d;

	if (stat("/dev/null", &st) < 0) {
		fail("no /dev/null on the host");
		return;
	}
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/null")));
	d = &plan.dev[0];
	CHECK_STR(d->path, "/dev/null");
	CHECK_INT(d->type, 'c');
	CHECK_INT(d->major, major(st.st_rdev));
	CHECK_INT(d->minor, minor(st.st_rdev));
	CHECK_INT(d->mode, st.st_mode & 07777);
	CHECK_INT(d->uid, 0);
	EXPECT_DIE(EXIT_USAGE, "/dev/rootinit-no-such", plan_add_device(&plan,
	    w("/dev/rootinit-no-such")));
	EXPECT_DIE(EXIT_USAGE, "/etc/passwd", plan_add_device(&plan, w("/etc/passwd")));
	EXPECT_DIE(EXIT_USAGE, "/dev", plan_add_device(&plan, w("/dev")));
	CHECK_INT(plan.ndev, 1);
}

static void
t_add_device_errors(void)
{
	EXPECT_DIE(EXIT_USAGE, "--device", plan_add_device(&plan, w("")));
	EXPECT_DIE(EXIT_USAGE, "--device", plan_add_device(&plan, w(" \t ")));
	EXPECT_DIE(EXIT_USAGE, "/dev/x", plan_add_device(&plan, w("/dev/x c")));
	EXPECT_DIE(EXIT_USAGE, "/dev/x", plan_add_device(&plan, w("/dev/x c 1")));
	EXPECT_DIE(EXIT_USAGE, "'q'", plan_add_device(&plan, w("/dev/x q 1 2")));
	EXPECT_DIE(EXIT_USAGE, "'cc'", plan_add_device(&plan, w("/dev/x cc 1 2")));
	EXPECT_DIE(EXIT_USAGE, "4096", plan_add_device(&plan, w("/dev/x c 4096 0")));
	EXPECT_DIE(EXIT_USAGE, "1048576", plan_add_device(&plan, w("/dev/x c 1 1048576")));
	EXPECT_DIE(EXIT_USAGE, "'x1'", plan_add_device(&plan, w("/dev/x c x1 0")));
	EXPECT_DIE(EXIT_USAGE, "'0x10'", plan_add_device(&plan, w("/dev/x c 0x10 0")));
	EXPECT_DIE(EXIT_USAGE, "'-1'", plan_add_device(&plan, w("/dev/x c -1 0")));
	EXPECT_DIE(EXIT_USAGE, "'+1'", plan_add_device(&plan, w("/dev/x c +1 0")));
	EXPECT_DIE(EXIT_USAGE, "fifo", plan_add_device(&plan, w("/dev/x p 1 0")));
	EXPECT_DIE(EXIT_USAGE, "fifo", plan_add_device(&plan, w("/dev/x p 0 1")));
	EXPECT_DIE(EXIT_USAGE, "'10000'", plan_add_device(&plan, w("/dev/x c 1 2 10000")));
	EXPECT_DIE(EXIT_USAGE, "'0888'", plan_add_device(&plan, w("/dev/x c 1 2 0888")));
	EXPECT_DIE(EXIT_USAGE, "'4294967295'", plan_add_device(&plan,
	    w("/dev/x c 1 2 0666 4294967295")));
	EXPECT_DIE(EXIT_USAGE, "'4294967295'", plan_add_device(&plan,
	    w("/dev/x c 1 2 0666 0 4294967295")));
	EXPECT_DIE(EXIT_USAGE, "dev/x", plan_add_device(&plan, w("dev/x c 1 2")));
	EXPECT_DIE(EXIT_USAGE, "/dev/../x", plan_add_device(&plan, w("/dev/../x c 1 2")));
	EXPECT_DIE(EXIT_USAGE, "more than 7", plan_add_device(&plan,
	    w("/dev/x c 1 2 0666 0 0 9")));
	EXPECT_DIE(EXIT_USAGE, "--device", plan_add_device(&plan, w("/dev/x\\000 c 1 2")));
	CHECK_INT(plan.ndev, 0);
}

static void
t_add_device_capacity(void)
{
	char spec[64];
	int i;

	for (i = 0; i < MAX_DEVICES; i++) {
		snprintf(spec, sizeof(spec), "/dev/d%d c 1 %d", i, i);
		EXPECT_LIVE(plan_add_device(&plan, w(spec)));
	}
	EXPECT_DIE(EXIT_USAGE, "MAX_DEVICES", plan_add_device(&plan, w("/dev/last c 1 1")));
	CHECK_INT(plan.ndev, MAX_DEVICES);
}

/* ---- plan_add_path, plan_add_env ---- */

static void
t_add_path(void)
{
	EXPECT_LIVE(plan_add_path(&plan, 0, "/secret"));
	EXPECT_LIVE(plan_add_path(&plan, 0, "//secret/"));	/* the same path */
	EXPECT_LIVE(plan_add_path(&plan, 1, "/etc"));
	EXPECT_LIVE(plan_add_path(&plan, 0, "/other"));
	CHECK_INT(plan.nmask, 2);
	CHECK_STR(plan.mask[0], "/secret");
	CHECK_STR(plan.mask[1], "/other");
	CHECK_INT(plan.nro, 1);
	CHECK_STR(plan.ro[0], "/etc");
	EXPECT_DIE(EXIT_USAGE, "--mask", plan_add_path(&plan, 0, "rel"));
	EXPECT_DIE(EXIT_USAGE, "--readonly-path", plan_add_path(&plan, 1, "/a/../b"));
	EXPECT_DIE(EXIT_USAGE, "--mask", plan_add_path(&plan, 0, ""));
	CHECK_INT(plan.nmask, 2);
	CHECK_INT(plan.nro, 1);
}

static void
t_add_path_capacity(void)
{
	static char paths[MAX_MASKS + 1][16];
	int i;

	for (i = 0; i <= MAX_MASKS; i++)
		snprintf(paths[i], sizeof(paths[i]), "/p%d", i);
	for (i = 0; i < MAX_MASKS; i++)
		EXPECT_LIVE(plan_add_path(&plan, 1, paths[i]));
	EXPECT_LIVE(plan_add_path(&plan, 1, paths[0]));	/* a duplicate still fits */
	EXPECT_DIE(EXIT_USAGE, "MAX_MASKS", plan_add_path(&plan, 1, paths[MAX_MASKS]));
	CHECK_INT(plan.nro, MAX_MASKS);
}

static void
t_add_env(void)
{
	static char vars[MAX_ENV + 1][16];
	int i;

	EXPECT_LIVE(plan_add_env(&plan, "A=1"));
	EXPECT_LIVE(plan_add_env(&plan, "AB=2"));
	EXPECT_LIVE(plan_add_env(&plan, "A=3"));	/* replaces A=1 in place */
	EXPECT_LIVE(plan_add_env(&plan, "E="));
	EXPECT_LIVE(plan_add_env(&plan, "X=a=b"));
	CHECK_INT(plan.nenv, 4);
	CHECK_STR(plan.env[0], "A=3");
	CHECK_STR(plan.env[1], "AB=2");
	CHECK_STR(plan.env[2], "E=");
	CHECK_STR(plan.env[3], "X=a=b");
	EXPECT_DIE(EXIT_USAGE, "'NOEQ'", plan_add_env(&plan, "NOEQ"));
	EXPECT_DIE(EXIT_USAGE, "'=v'", plan_add_env(&plan, "=v"));
	EXPECT_DIE(EXIT_USAGE, "--env", plan_add_env(&plan, ""));
	CHECK_INT(plan.nenv, 4);
	plan_init(&plan);
	for (i = 0; i <= MAX_ENV; i++)
		snprintf(vars[i], sizeof(vars[i]), "V%d=%d", i, i);
	for (i = 0; i < MAX_ENV; i++)
		EXPECT_LIVE(plan_add_env(&plan, vars[i]));
	EXPECT_LIVE(plan_add_env(&plan, "V0=again"));	/* replacing still fits */
	EXPECT_DIE(EXIT_USAGE, "MAX_ENV", plan_add_env(&plan, vars[MAX_ENV]));
	CHECK_INT(plan.nenv, MAX_ENV);
}

/* ---- plan_set_user, _grace, _hostname ---- */

static void
t_set_user(void)
{
	EXPECT_LIVE(plan_set_user(&plan, "1000"));
	CHECK_INT(plan.uid, 1000);
	CHECK_INT(plan.gid, 1000);
	CHECK_INT(plan.user_given, 1);
	EXPECT_LIVE(plan_set_user(&plan, "1000:100"));
	CHECK_INT(plan.uid, 1000);
	CHECK_INT(plan.gid, 100);
	EXPECT_LIVE(plan_set_user(&plan, "0"));
	CHECK_INT(plan.uid, 0);
	CHECK_INT(plan.gid, 0);
	EXPECT_LIVE(plan_set_user(&plan, "4294967294:4294967294"));
	CHECK_INT(plan.uid, 4294967294U);
	CHECK_INT(plan.gid, 4294967294U);
}

static void
t_set_user_errors(void)
{
	static const char *const bad[] = { "", "-1", "4294967295", "1:4294967295",
	    "1000:", ":1000", "root", "0:root", " 1", "1 ", "1:2:3", "0x10",
	    "+5", "99999999999999999999" };
	size_t i;

	for (i = 0; i < LEN(bad); i++)
		EXPECT_DIE(EXIT_USAGE, "--user", plan_set_user(&plan, bad[i]));
	EXPECT_DIE(EXIT_USAGE, "'root'", plan_set_user(&plan, "root"));
	EXPECT_DIE(EXIT_USAGE, "--user", plan_set_user(&plan,
	    "1111111111111111111111111111111111111111111111111"));
	CHECK_INT(plan.user_given, 0);
}

static void
t_set_grace(void)
{
	static const char *const bad[] = { "", "-1", "3601", "1.5", " 1", "1s",
	    "99999999999999999999999", "0x1" };
	size_t i;

	CHECK_INT(plan.grace, GRACE_SECONDS);
	EXPECT_LIVE(plan_set_grace(&plan, "0"));
	CHECK_INT(plan.grace, 0);
	EXPECT_LIVE(plan_set_grace(&plan, "3600"));
	CHECK_INT(plan.grace, 3600);
	EXPECT_LIVE(plan_set_grace(&plan, "10"));
	for (i = 0; i < LEN(bad); i++) {
		char want[64];

		snprintf(want, sizeof(want), "'%s'", bad[i]);
		EXPECT_DIE(EXIT_USAGE, want, plan_set_grace(&plan, bad[i]));
	}
	CHECK_INT(plan.grace, 10);
}

static void
t_set_hostname(void)
{
	static char name[80], name65[80];

	EXPECT_LIVE(plan_set_hostname(&plan, "box-1.example"));
	CHECK_STR(plan.hostname, "box-1.example");
	memset(name, 'h', 64);
	EXPECT_LIVE(plan_set_hostname(&plan, name));
	CHECK_INT(strlen(plan.hostname), 64);
	memset(name65, 'h', 65);
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, name65));
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, ""));
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, "a b"));
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, "a\tb"));
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, "a\nb"));
	EXPECT_DIE(EXIT_USAGE, "--hostname", plan_set_hostname(&plan, "a\177"));
	CHECK_INT(strlen(plan.hostname), 64);
}

/* ---- caps_parse ---- */

/* Docker's 14 less MKNOD (27), by number (linux/capability.h). */
#define DOCKER_CAPS ((1ULL << 0) | (1ULL << 1) | (1ULL << 3) | (1ULL << 4) | \
	(1ULL << 5) | (1ULL << 6) | (1ULL << 7) | (1ULL << 8) | (1ULL << 10) | \
	(1ULL << 13) | (1ULL << 18) | (1ULL << 29) | (1ULL << 31))

static void
t_caps_names(void)
{
	static const char *const chown[] = { "chown", "CHOWN", "Chown", "cap_chown",
	    "CAP_CHOWN", "Cap_ChOwN" };
	size_t i;

	for (i = 0; i < LEN(chown); i++) {
		plan.caps = 12345;
		EXPECT_LIVE(caps_parse(&plan, chown[i]));
		if (plan.caps != 1)
			fail("'%s': caps %#llx, want 0x1", chown[i],
			    (unsigned long long)plan.caps);
	}
	EXPECT_LIVE(caps_parse(&plan, "kill,CAP_SYS_ADMIN,net_raw"));
	CHECK_INT(plan.caps, (1ULL << 5) | (1ULL << 21) | (1ULL << 13));
	EXPECT_LIVE(caps_parse(&plan, "SETFCAP"));	/* replaces, not adds */
	CHECK_INT(plan.caps, 1ULL << 31);
	EXPECT_LIVE(caps_parse(&plan, DEFAULT_CAPS));
	CHECK_INT(plan.caps, DOCKER_CAPS);
}

static void
t_caps_all_none(void)
{
	static const char *const all[] = { "all", "ALL", "All" };
	static const char *const none[] = { "none", "NONE", "None" };
	size_t i;

	for (i = 0; i < LEN(all); i++) {
		plan.caps = 0;
		EXPECT_LIVE(caps_parse(&plan, all[i]));
		CHECK_INT(plan.caps, UINT64_MAX);
	}
	for (i = 0; i < LEN(none); i++) {
		plan.caps = 77;
		EXPECT_LIVE(caps_parse(&plan, none[i]));
		CHECK_INT(plan.caps, 0);
	}
}

static void
t_caps_unknown(void)
{
	EXPECT_DIE(EXIT_USAGE, "'frobnicate'", caps_parse(&plan, "frobnicate"));
	EXPECT_DIE(EXIT_USAGE, "'cap_frob'", caps_parse(&plan, "chown,cap_frob"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, ""));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, "chown,,kill"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, "chown,"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, ",chown"));
	EXPECT_DIE(EXIT_USAGE, "'all'", caps_parse(&plan, "all,chown"));
	EXPECT_DIE(EXIT_USAGE, "'none'", caps_parse(&plan, "kill,none"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, "cap_"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, "CAP_CAP_CHOWN"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, " chown"));
	EXPECT_DIE(EXIT_USAGE, "--caps", caps_parse(&plan, "0"));
}

/* ---- plan_finish ---- */

static const char *const contract_mounts[][4] = {
	{ "proc", "/proc", "proc", "nosuid,noexec,nodev" },
	{ "tmpfs", "/dev", "tmpfs", "nosuid,strictatime,mode=755,size=65536k" },
	{ "devpts", "/dev/pts", "devpts",
	  "nosuid,noexec,newinstance,ptmxmode=0666,mode=0620,gid=5" },
	{ "shm", "/dev/shm", "tmpfs", "nosuid,noexec,nodev,mode=1777,size=65536k" },
	{ "mqueue", "/dev/mqueue", "mqueue", "nosuid,noexec,nodev" },
	{ "sysfs", "/sys", "sysfs", "nosuid,noexec,nodev,ro" },
};

static const char *const contract_devices[] = { "/dev/null", "/dev/zero",
	"/dev/full", "/dev/random", "/dev/urandom", "/dev/tty" };

static void
t_finish_defaults(void)
{
	size_t i;

	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, LEN(contract_mounts));
	for (i = 0; i < plan.nmnt && i < LEN(contract_mounts); i++) {
		CHECK_STR(plan.mnt[i].src, contract_mounts[i][0]);
		CHECK_STR(plan.mnt[i].dst, contract_mounts[i][1]);
		CHECK_STR(plan.mnt[i].type, contract_mounts[i][2]);
		CHECK_STR(plan.mnt[i].opts, contract_mounts[i][3]);
	}
	CHECK_INT(plan.mnt[0].flags, MS_NOSUID | MS_NOEXEC | MS_NODEV);
	CHECK_STR(plan.mnt[1].data, "mode=755,size=65536k");
	CHECK_INT(plan.mnt[1].flags, MS_NOSUID | MS_STRICTATIME | MS_NODEV);
	CHECK_INT(plan.mnt[2].flags & MS_NODEV, 0);	/* devpts: its ptys */
	CHECK_INT(plan.mnt[5].flags, MS_NOSUID | MS_NOEXEC | MS_NODEV | MS_RDONLY);
	CHECK_INT(plan.ndev, LEN(contract_devices));
	for (i = 0; i < plan.ndev && i < LEN(contract_devices); i++) {
		CHECK_STR(plan.dev[i].path, contract_devices[i]);
		CHECK_INT(plan.dev[i].mode, 0666);
		CHECK_INT(plan.dev[i].type, 'c');
	}
	CHECK_INT(plan.dev[0].major, 1);
	CHECK_INT(plan.dev[0].minor, 3);
	CHECK_INT(plan.dev[5].major, 5);
	CHECK_INT(plan.dev[5].minor, 0);
	CHECK_INT(plan.nmask, 12);
	CHECK_INT(plan.nro, 5);
	CHECK_STR(plan.mask[0], "/proc/acpi");
	CHECK_STR(plan.ro[3], "/proc/sys");
	CHECK_INT(plan.caps, DOCKER_CAPS);
	CHECK(plan.argv && plan.argv[0]);
	if (plan.argv && plan.argv[0])
		CHECK_STR(plan.argv[0], "/bin/sh");
}

static void
t_finish_mount_replaces_default(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_mount(&plan, w("/a /first tmpfs")));
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs //dev/ tmpfs size=1m,ro")));
	EXPECT_LIVE(plan_add_mount(&plan, w("/b /second tmpfs")));
	EXPECT_LIVE(plan_add_mount(&plan, w("sysfs /sys sysfs")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, 8);
	CHECK_STR(plan.mnt[0].dst, "/proc");
	CHECK_STR(plan.mnt[1].dst, "//dev/");	/* in the default's place */
	CHECK_STR(plan.mnt[1].opts, "size=1m,ro");
	CHECK_STR(plan.mnt[1].data, "size=1m");
	CHECK_INT(plan.mnt[1].flags, MS_RDONLY | MS_NODEV);
	CHECK_STR(plan.mnt[2].dst, "/dev/pts");
	CHECK_STR(plan.mnt[5].dst, "/sys");
	CHECK_STR(plan.mnt[5].opts, "");
	CHECK_INT(plan.mnt[5].flags, MS_NODEV);
	CHECK_STR(plan.mnt[6].dst, "/first");	/* the rest in argv order */
	CHECK_STR(plan.mnt[7].dst, "/second");
}

static void
t_finish_mount_twice_same_default(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /dev tmpfs size=1m")));
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /dev tmpfs size=2m")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, 7);
	CHECK_STR(plan.mnt[1].opts, "size=1m");
	CHECK_STR(plan.mnt[6].dst, "/dev");
	CHECK_STR(plan.mnt[6].opts, "size=2m");
}

static void
t_finish_no_default_mounts(void)
{
	plan.rootfs = "/srv/root";
	plan.no_default_mounts = 1;
	EXPECT_LIVE(plan_add_mount(&plan, w("proc /proc proc")));
	EXPECT_LIVE(plan_add_mount(&plan, w("/x /y bind")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, 2);
	CHECK_STR(plan.mnt[0].dst, "/proc");
	CHECK_STR(plan.mnt[0].opts, "");
	CHECK_STR(plan.mnt[1].dst, "/y");
	/* no /dev tmpfs of rootinit's own: no default node, no link */
	CHECK_INT(plan.ndev, 0);
	CHECK_INT(plan.no_default_links, 1);
	CHECK_INT(plan.nmask, 12);
}

/* A /dev of the plan that is not a tmpfs (a bind, a devtmpfs): the
 * defaults stay out of it; -d nodes are still made as asked. */
static void
t_finish_dev_not_tmpfs(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_mount(&plan, w("/srv/dev /dev bind")));
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/fuse c 10 229")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.ndev, 1);
	CHECK_STR(plan.dev[0].path, "/dev/fuse");
	CHECK_INT(plan.no_default_links, 1);
}

/* The defaults with their tmpfs /dev: nodes and links as before. */
static void
t_finish_dev_tmpfs(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.ndev, 6);
	CHECK_INT(plan.no_default_links, 0);
}

static void
t_finish_devices(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/fuse c 10 229")));
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/null c 1 3 0600 0 5")));
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/kvm c 10 232")));
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/kvm c 10 233 0660")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.ndev, 8);
	CHECK_STR(plan.dev[0].path, "/dev/null");
	CHECK_INT(plan.dev[0].mode, 0600);	/* replaced in place */
	CHECK_INT(plan.dev[0].gid, 5);
	CHECK_STR(plan.dev[1].path, "/dev/zero");
	CHECK_STR(plan.dev[6].path, "/dev/fuse");
	CHECK_STR(plan.dev[7].path, "/dev/kvm");	/* the later -d wins */
	CHECK_INT(plan.dev[7].minor, 233);
	CHECK_INT(plan.dev[7].mode, 0660);
}

static void
t_finish_no_default_devices(void)
{
	plan.rootfs = "/srv/root";
	plan.no_default_devices = 1;
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/null c 1 3 0600")));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.ndev, 1);
	CHECK_INT(plan.dev[0].mode, 0600);
	CHECK_INT(plan.nmnt, 6);
}

static void
t_finish_masks(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_path(&plan, 0, "/proc/kcore"));	/* a default already */
	EXPECT_LIVE(plan_add_path(&plan, 0, "/secret"));
	EXPECT_LIVE(plan_add_path(&plan, 1, "/etc"));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmask, 13);
	CHECK_STR(plan.mask[12], "/secret");
	CHECK_INT(plan.nro, 6);
	CHECK_STR(plan.ro[5], "/etc");
}

static void
t_finish_no_default_masks(void)
{
	plan.rootfs = "/srv/root";
	plan.no_default_masks = 1;
	EXPECT_LIVE(plan_add_path(&plan, 0, "/secret"));
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmask, 1);
	CHECK_STR(plan.mask[0], "/secret");
	CHECK_INT(plan.nro, 0);
}

static void
t_finish_no_rootfs(void)
{
	static char *argv[] = { "sleep", "1", NULL };

	plan.argv = argv;
	EXPECT_LIVE(plan_finish(&plan));
	CHECK(plan.rootfs == NULL);
	CHECK_INT(plan.nmnt, 0);
	CHECK_INT(plan.ndev, 0);
	CHECK_INT(plan.nmask, 0);
	CHECK_STR(plan.argv[0], "sleep");
	plan_init(&plan);
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /t tmpfs")));
	EXPECT_DIE(EXIT_USAGE, "--mount", plan_finish(&plan));
	plan_init(&plan);
	EXPECT_LIVE(plan_add_device(&plan, w("/dev/fuse c 10 229")));
	EXPECT_DIE(EXIT_USAGE, "--device", plan_finish(&plan));
	plan_init(&plan);
	plan.readonly = 1;
	EXPECT_DIE(EXIT_USAGE, "--readonly", plan_finish(&plan));
}

static void
t_finish_caps_given(void)
{
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(caps_parse(&plan, "none"));
	plan.caps_given = 1;
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.caps, 0);
}

static void
t_finish_capacity(void)
{
	char spec[64];
	int i, n = MAX_MOUNTS - 6;

	plan.rootfs = "/srv/root";
	for (i = 0; i < n; i++) {
		snprintf(spec, sizeof(spec), "tmpfs /m%d tmpfs", i);
		EXPECT_LIVE(plan_add_mount(&plan, w(spec)));
	}
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, MAX_MOUNTS);
	plan_init(&plan);
	plan.rootfs = "/srv/root";
	for (i = 0; i < n + 1; i++) {
		snprintf(spec, sizeof(spec), "tmpfs /m%d tmpfs", i);
		EXPECT_LIVE(plan_add_mount(&plan, w(spec)));
	}
	EXPECT_DIE(EXIT_USAGE, "MAX_MOUNTS", plan_finish(&plan));
	/* one replacing a default leaves room for one more */
	plan_init(&plan);
	plan.rootfs = "/srv/root";
	EXPECT_LIVE(plan_add_mount(&plan, w("tmpfs /dev tmpfs")));
	for (i = 0; i < n; i++) {
		snprintf(spec, sizeof(spec), "tmpfs /m%d tmpfs", i);
		EXPECT_LIVE(plan_add_mount(&plan, w(spec)));
	}
	EXPECT_LIVE(plan_finish(&plan));
	CHECK_INT(plan.nmnt, MAX_MOUNTS);
}

int
main(void)
{
	die_set_jump(&jb);
	run("fstab_split_fields", t_split_fields);
	run("fstab_split_blanks_tabs", t_split_blanks_tabs);
	run("fstab_split_escapes", t_split_escapes);
	run("fstab_split_bad_escape", t_split_bad_escape);
	run("fstab_split_too_many_fields", t_split_too_many);
	run("print_escaped_roundtrip", t_print_escaped_roundtrip);
	run("mount_options_every_flag", t_options_flags);
	run("mount_options_set_clear_pairs", t_options_set_clear);
	run("mount_options_bind_rbind", t_options_bind);
	run("mount_options_propagation", t_options_propagation);
	run("mount_options_data", t_options_data);
	run("mount_options_data_overflow", t_options_data_overflow);
	run("path_check_good", t_path_check_good);
	run("path_check_bad", t_path_check_bad);
	run("path_under", t_path_under);
	run("path_equal", t_path_equal);
	run("plan_add_mount", t_add_mount);
	run("plan_add_mount_bind", t_add_mount_bind);
	run("plan_add_mount_errors", t_add_mount_errors);
	run("plan_add_mount_too_many_fields", t_add_mount_too_many_fields);
	run("plan_add_mount_bad_escape", t_add_mount_bad_escape);
	run("plan_add_mount_capacity", t_add_mount_capacity);
	run("plan_add_device", t_add_device);
	run("plan_add_device_from_host", t_add_device_from_host);
	run("plan_add_device_errors", t_add_device_errors);
	run("plan_add_device_capacity", t_add_device_capacity);
	run("plan_add_path", t_add_path);
	run("plan_add_path_capacity", t_add_path_capacity);
	run("plan_add_env", t_add_env);
	run("plan_set_user", t_set_user);
	run("plan_set_user_errors", t_set_user_errors);
	run("plan_set_grace", t_set_grace);
	run("plan_set_hostname", t_set_hostname);
	run("caps_parse_names", t_caps_names);
	run("caps_parse_all_none", t_caps_all_none);
	run("caps_parse_unknown", t_caps_unknown);
	run("plan_finish_defaults", t_finish_defaults);
	run("plan_finish_mount_replaces_default", t_finish_mount_replaces_default);
	run("plan_finish_mount_twice_same_default", t_finish_mount_twice_same_default);
	run("plan_finish_no_default_mounts", t_finish_no_default_mounts);
	run("plan_finish_dev_not_tmpfs", t_finish_dev_not_tmpfs);
	run("plan_finish_dev_tmpfs", t_finish_dev_tmpfs);
	run("plan_finish_devices", t_finish_devices);
	run("plan_finish_no_default_devices", t_finish_no_default_devices);
	run("plan_finish_masks", t_finish_masks);
	run("plan_finish_no_default_masks", t_finish_no_default_masks);
	run("plan_finish_no_rootfs", t_finish_no_rootfs);
	run("plan_finish_caps_given", t_finish_caps_given);
	run("plan_finish_capacity", t_finish_capacity);
	return 0;
}
