/* seccomp-gen: seccomp.policy to a C header holding the BPF program that
 * libseccomp makes of it.  Runs on the build host, never in rootinit.
 *
 *   seccomp-gen [-a ARCH] POLICY > build/seccomp-default.h
 *
 * Rules that depend on a capability cannot be decided here: --caps chooses
 * them at run time.  Such a rule returns SECCOMP_RET_ERRNO with a mark,
 * SECCOMP_MARK + i, an errno number Linux does not use (libseccomp takes
 * errnos up to 4095); unreplaced, it would still deny the call.  The
 * header's seccomp_marks[i] says which capabilities allow the call and
 * which errno it gets without them, and rootinit rewrites those return
 * instructions, and only them, to ALLOW or that errno before loading. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <seccomp.h>

#define MARK		4000	/* no errno is that high (they end at 133) */
#define MAX_SYS		1024
#define MAX_CONDS	8
#define MAX_MARKS	32
#define MAX_NUMBERS	64

struct cond {
	unsigned int arg;
	enum scmp_compare op;
	uint64_t mask, value;
};

struct sys {
	char name[48];
	int allow;			/* allowed unconditionally */
	uint64_t caps;			/* or when one of these is kept */
	int unless_errno;		/* without them: this errno, not the default */
	struct cond cond[MAX_CONDS];	/* or when one of these holds */
	int ncond;
};

static struct sys sys[MAX_SYS];
static int nsys;
static struct { char arch[16], name[48]; int nr; } number[MAX_NUMBERS];
static int nnumber;
static struct { uint64_t caps; int err; } mark[MAX_MARKS];
static int nmark;
static int default_errno = EPERM, otherarch_errno = ENOSYS, newer_errno, newer_upto;
static const char *policy;
static int lineno;

static const struct { const char *name; int err; } errnos[] = {
	{ "EPERM", EPERM }, { "ENOSYS", ENOSYS }, { "EACCES", EACCES },
	{ "EINVAL", EINVAL }, { "EOPNOTSUPP", EOPNOTSUPP },
};

#define C(x) { "CAP_" #x, CAP_##x }
static const struct { const char *name; int cap; } caps[] = {
	C(CHOWN), C(DAC_OVERRIDE), C(DAC_READ_SEARCH), C(FOWNER), C(FSETID),
	C(KILL), C(SETGID), C(SETUID), C(SETPCAP), C(LINUX_IMMUTABLE),
	C(NET_BIND_SERVICE), C(NET_BROADCAST), C(NET_ADMIN), C(NET_RAW),
	C(IPC_LOCK), C(IPC_OWNER), C(SYS_MODULE), C(SYS_RAWIO), C(SYS_CHROOT),
	C(SYS_PTRACE), C(SYS_PACCT), C(SYS_ADMIN), C(SYS_BOOT), C(SYS_NICE),
	C(SYS_RESOURCE), C(SYS_TIME), C(SYS_TTY_CONFIG), C(MKNOD), C(LEASE),
	C(AUDIT_WRITE), C(AUDIT_CONTROL), C(SETFCAP), C(MAC_OVERRIDE),
	C(MAC_ADMIN), C(SYSLOG), C(WAKE_ALARM), C(BLOCK_SUSPEND),
	C(AUDIT_READ), C(PERFMON), C(BPF), C(CHECKPOINT_RESTORE),
};

static const struct { const char *name; uint32_t arch; } arches[] = {
	{ "x86_64", SCMP_ARCH_X86_64 }, { "x86", SCMP_ARCH_X86 },
	{ "x32", SCMP_ARCH_X32 }, { "aarch64", SCMP_ARCH_AARCH64 },
	{ "arm", SCMP_ARCH_ARM }, { "riscv64", SCMP_ARCH_RISCV64 },
	{ "ppc64le", SCMP_ARCH_PPC64LE }, { "s390x", SCMP_ARCH_S390X },
	{ "s390", SCMP_ARCH_S390 },
};

static void
fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "seccomp-gen: %s:%d: ", policy, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static int
errno_named(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (!strcmp(errnos[i].name, s))
			return errnos[i].err;
	fail("unknown errno '%s'", s ? s : "");
	return 0;
}

static int
cap_named(const char *s)
{
	size_t i;

	for (i = 0; s && i < sizeof(caps) / sizeof(caps[0]); i++)
		if (!strcmp(caps[i].name, s))
			return caps[i].cap;
	fail("unknown capability '%s'", s ? s : "");
	return 0;
}

static uint64_t
value(const char *s)
{
	char *end;
	unsigned long long v;

	if (!s)
		fail("missing number");
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end || !isdigit((unsigned char)*s))
		fail("bad number '%s'", s);
	return v;
}

static struct sys *
lookup(const char *name)
{
	int i;

	for (i = 0; i < nsys; i++)
		if (!strcmp(sys[i].name, name))
			return &sys[i];
	if (nsys == MAX_SYS || strlen(name) >= sizeof(sys[0].name))
		fail("too many syscalls, or name too long: %s", name);
	snprintf(sys[nsys].name, sizeof(sys[0].name), "%s", name);
	return &sys[nsys++];
}

static const struct { const char *s; enum scmp_compare op; } ops[] = {
	{ "==", SCMP_CMP_EQ }, { "!=", SCMP_CMP_NE }, { "<", SCMP_CMP_LT },
	{ "<=", SCMP_CMP_LE }, { ">", SCMP_CMP_GT }, { ">=", SCMP_CMP_GE },
};

/* "aN OP VALUE" or "aN & MASK == VALUE", from word w on. */
static int
parse_cond(char **w, int n, struct cond *c)
{
	size_t i;

	if (n < 3 || w[0][0] != 'a' || w[0][1] < '0' || w[0][1] > '5' || w[0][2])
		fail("want 'where aN OP VALUE'");
	c->arg = w[0][1] - '0';
	if (!strcmp(w[1], "&")) {
		if (n < 5 || strcmp(w[3], "=="))
			fail("want 'where aN & MASK == VALUE'");
		c->op = SCMP_CMP_MASKED_EQ;
		c->mask = value(w[2]);
		c->value = value(w[4]);
		return 5;
	}
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(ops[i].s, w[1]))
			break;
	if (i == sizeof(ops) / sizeof(ops[0]))
		fail("unknown operator '%s'", w[1]);
	c->op = ops[i].op;
	c->value = value(w[2]);
	return 3;
}

/* The header being read: what it does to the syscalls named after it. */
struct header {
	int allow, err, on, here;
	uint64_t caps, unless;
	struct cond cond;
	int ncond;
};

static void
parse_header(char **w, int n, struct header *h, const char *target)
{
	int i = 1;

	memset(h, 0, sizeof(*h));
	h->here = 1;
	if (!strcmp(w[0], "allow"))
		h->allow = 1;
	else if (!strcmp(w[0], "errno") && n > 1)
		h->err = errno_named(w[i++]);
	else
		fail("unknown directive '%s'", w[0]);
	while (i < n) {
		if (!strcmp(w[i], "if") && i + 1 < n) {
			h->caps |= 1ULL << cap_named(w[i + 1]);
			i += 2;
		} else if (!strcmp(w[i], "unless") && i + 1 < n && h->err) {
			h->unless |= 1ULL << cap_named(w[i + 1]);
			i += 2;
		} else if (!strcmp(w[i], "on") && i + 1 < n) {
			h->here = h->on ? h->here || !strcmp(w[i + 1], target) :
			    !strcmp(w[i + 1], target);
			h->on = 1;
			i += 2;
		} else if (!strcmp(w[i], "where") && !h->ncond && h->allow) {
			i += 1 + parse_cond(w + i + 1, n - i - 1, &h->cond);
			h->ncond = 1;
		} else
			fail("unexpected '%s'", w[i]);
	}
	if (h->err && !h->unless)
		fail("an errno rule needs 'unless CAP'");
}

static void
apply(const struct header *h, const char *name)
{
	struct sys *s;

	if (!h->here)
		return;
	s = lookup(name);
	if (h->err) {
		s->unless_errno = h->err;
		return;
	}
	if (h->ncond) {
		if (s->ncond == MAX_CONDS)
			fail("%s: too many argument rules", name);
		s->cond[s->ncond++] = h->cond;
	} else if (h->caps)
		s->caps |= h->caps;
	else
		s->allow = 1;
}

static void
directive(char **w, int n)
{
	if (!strcmp(w[0], "default") && n == 3 && !strcmp(w[1], "errno"))
		default_errno = errno_named(w[2]);
	else if (!strcmp(w[0], "otherarch") && n == 3 && !strcmp(w[1], "errno"))
		otherarch_errno = errno_named(w[2]);
	else if (!strcmp(w[0], "newer") && n == 4 && !strcmp(w[1], "errno")) {
		newer_errno = errno_named(w[2]);
		newer_upto = value(w[3]);
	} else if (!strcmp(w[0], "number") && n == 4 && nnumber < MAX_NUMBERS) {
		snprintf(number[nnumber].arch, sizeof(number[0].arch), "%s", w[1]);
		snprintf(number[nnumber].name, sizeof(number[0].name), "%s", w[2]);
		number[nnumber++].nr = value(w[3]);
	} else
		fail("bad directive");
}

static void
read_policy(FILE *f, const char *target)
{
	char line[512], *w[32], *save;
	struct header h = { 0 };
	int n, have = 0, indented;

	while (fgets(line, sizeof(line), f)) {
		lineno++;
		line[strcspn(line, "#")] = '\0';
		indented = line[0] == ' ' || line[0] == '\t';
		n = 0;
		for (w[n] = strtok_r(line, " \t\n", &save); w[n] && n < 31;
		    w[++n] = strtok_r(NULL, " \t\n", &save))
			;
		if (!n)
			continue;
		if (indented) {
			if (!have)
				fail("syscall names before any rule");
			while (n--)
				apply(&h, w[n]);
		} else if (!strcmp(w[0], "allow") || !strcmp(w[0], "errno")) {
			parse_header(w, n, &h, target);
			have = 1;
		} else {
			directive(w, n);
			have = 0;
		}
	}
}

static int
mark_of(uint64_t c, int err)
{
	int i;

	for (i = 0; i < nmark; i++)
		if (mark[i].caps == c && mark[i].err == err)
			return MARK + i;
	if (nmark == MAX_MARKS)
		fail("too many capability marks");
	mark[nmark].caps = c;
	mark[nmark].err = err;
	return MARK + nmark++;
}

static int
resolve(const char *name, uint32_t arch, const char *target)
{
	int nr = seccomp_syscall_resolve_name_arch(arch, name), i;

	for (i = 0; nr == __NR_SCMP_ERROR && i < nnumber; i++)
		if (!strcmp(number[i].arch, target) && !strcmp(number[i].name, name))
			nr = number[i].nr;
	if (nr == __NR_SCMP_ERROR)
		fprintf(stderr, "seccomp-gen: %s: unknown to libseccomp %u.%u.%u and "
		    "no 'number %s' line: left out\n", name, SCMP_VER_MAJOR,
		    SCMP_VER_MINOR, SCMP_VER_MICRO, target);
	return nr;	/* negative: not a syscall of this architecture */
}

static void
rule(scmp_filter_ctx ctx, uint32_t action, int nr, const char *name,
    unsigned int n, const struct scmp_arg_cmp *cmp)
{
	int rc = seccomp_rule_add_exact_array(ctx, action, nr, n, cmp);

	if (rc < 0)
		fail("%s: libseccomp refused the rule: %s", name, strerror(-rc));
}

/* Conditional allows, and the calls they leave out when a capability
 * allows everything: libseccomp takes no unconditional rule next to
 * conditional ones, so "a0 & MASK != 0" is spelled one bit at a time. */
static void
add_conds(scmp_filter_ctx ctx, const struct sys *s, int nr, int err)
{
	struct scmp_arg_cmp cmp;
	uint64_t bit;
	int i;

	for (i = 0; i < s->ncond; i++) {
		cmp = (struct scmp_arg_cmp){ s->cond[i].arg, s->cond[i].op,
		    s->cond[i].op == SCMP_CMP_MASKED_EQ ? s->cond[i].mask :
		    s->cond[i].value, s->cond[i].value };
		rule(ctx, SCMP_ACT_ALLOW, nr, s->name, 1, &cmp);
	}
	if (!s->caps)
		return;
	if (s->ncond != 1 || s->cond[0].op != SCMP_CMP_MASKED_EQ || s->cond[0].value)
		fail("%s: capability rule next to argument rules: only one "
		    "'where aN & MASK == 0' can be expressed", s->name);
	for (bit = 1; bit; bit <<= 1)
		if (s->cond[0].mask & bit) {
			cmp = (struct scmp_arg_cmp){ s->cond[0].arg,
			    SCMP_CMP_MASKED_EQ, bit, bit };
			rule(ctx, SCMP_ACT_ERRNO(mark_of(s->caps, err)), nr,
			    s->name, 1, &cmp);
		}
}

static int
build(scmp_filter_ctx ctx, uint32_t arch, const char *target)
{
	const struct sys *s;
	int i, nr, max = -1, err;

	for (i = 0; i < nsys; i++) {
		s = &sys[i];
		if ((nr = resolve(s->name, arch, target)) < 0)
			continue;
		if (nr > max)
			max = nr;
		err = s->unless_errno ? s->unless_errno : default_errno;
		if (s->allow)
			rule(ctx, SCMP_ACT_ALLOW, nr, s->name, 0, NULL);
		else if (s->ncond)
			add_conds(ctx, s, nr, err);
		else if (s->caps)
			rule(ctx, SCMP_ACT_ERRNO(mark_of(s->caps, err)), nr, s->name, 0, NULL);
		else if (s->unless_errno)
			fail("%s: 'unless' with no 'if' rule to pair it with", s->name);
	}
	for (nr = max + 1; newer_errno && nr <= newer_upto; nr++)
		rule(ctx, SCMP_ACT_ERRNO(newer_errno), nr, "newer", 0, NULL);
	return max;
}

static void
print_header(FILE *bpf, long n, const char *target, int max)
{
	struct sock_filter ins;
	int i, c;

	printf("/* Generated by tools/seccomp-gen from %s for %s with libseccomp "
	    "%u.%u.%u.\n * Do not edit: edit the policy and rebuild. */\n",
	    policy, target, SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO);
	printf("#define SECCOMP_ARCH \"%s\"\n#define SECCOMP_MARK %d\n"
	    "#define SECCOMP_NEWEST %d\t/* the newest syscall named */\n\n",
	    target, MARK, max);
	printf("static const struct sock_filter seccomp_default[%ld] = {\n", n);
	while (fread(&ins, sizeof(ins), 1, bpf) == 1)
		printf("\t{ 0x%02x, %u, %u, 0x%08x },\n", ins.code, ins.jt, ins.jf, ins.k);
	printf("};\n\n/* SECCOMP_MARK + i: allowed when one of caps is kept, else err. */\n");
	printf("static const struct seccomp_mark seccomp_marks[%d] = {\n", nmark);
	for (i = 0; i < nmark; i++) {
		printf("\t{ 0x%016llxULL, %d },\t/*", (unsigned long long)mark[i].caps,
		    mark[i].err);
		for (c = 0; c < 64; c++)
			if (mark[i].caps & (1ULL << c))
				printf(" %s", caps[c].name);
		printf(" */\n");
	}
	printf("};\n");
}

int
main(int argc, char **argv)
{
	const char *target = NULL;
	scmp_filter_ctx ctx;
	uint32_t arch = seccomp_arch_native();
	FILE *f, *bpf;
	size_t i;
	long size;
	int max;

	if (argc == 4 && !strcmp(argv[1], "-a")) {
		target = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: seccomp-gen [-a ARCH] POLICY\n");
		return 2;
	}
	for (i = 0; i < sizeof(arches) / sizeof(arches[0]); i++)
		if (target ? !strcmp(arches[i].name, target) : arches[i].arch == arch)
			break;
	if (i == sizeof(arches) / sizeof(arches[0])) {
		fprintf(stderr, "seccomp-gen: architecture not supported\n");
		return 1;
	}
	target = arches[i].name;
	arch = arches[i].arch;
	policy = argv[1];
	if (!(f = fopen(policy, "r"))) {
		perror(policy);
		return 1;
	}
	read_policy(f, target);
	fclose(f);
	/* One architecture: calls of any other ABI (i386, and x32 on x86_64,
	 * which libseccomp checks for) get otherarch's errno. */
	ctx = seccomp_init(SCMP_ACT_ERRNO(default_errno));
	if (!ctx || seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE) < 0 ||
	    seccomp_arch_add(ctx, arch) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_ERRNO(otherarch_errno)) < 0 ||
	    seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 1) < 0) {
		fprintf(stderr, "seccomp-gen: libseccomp setup failed\n");
		return 1;
	}
	max = build(ctx, arch, target);
	lineno = 0;
	if (!(bpf = tmpfile()) || seccomp_export_bpf(ctx, fileno(bpf)) < 0 ||
	    (size = ftell(bpf)) < 0 || fseek(bpf, 0, SEEK_SET) < 0) {
		fprintf(stderr, "seccomp-gen: cannot export the filter\n");
		return 1;
	}
	/* seccomp_export_bpf writes through the fd: find the size with lseek. */
	size = lseek(fileno(bpf), 0, SEEK_END);
	lseek(fileno(bpf), 0, SEEK_SET);
	print_header(bpf, size / (long)sizeof(struct sock_filter), target, max);
	seccomp_release(ctx);
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
