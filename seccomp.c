/* seccomp.c: COMMAND's syscall filter.  The default program is data:
 * libseccomp made it at build time from seccomp.policy (tools/seccomp-gen,
 * build/seccomp-default.h); here it is only copied, its capability marks
 * resolved against the kept capabilities, and loaded.  --seccomp FILE
 * loads a raw BPF program instead, checked before anything changes. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "rootinit.h"
#include "sys.h"

/* The generated header's capability marks (see tools/seccomp-gen.c). */
struct seccomp_mark {
	uint64_t caps;		/* any of these kept: allow */
	int err;		/* none kept: this errno */
};

#include "seccomp-default.h"

/* The program loaded: the default's copy, patched, or FILE's contents. */
static struct sock_filter prog[BPF_MAXINSNS];
static size_t nprog;

void
seccomp_parse(struct plan *p, const char *arg)
{
	if (!strcmp(arg, "default"))
		p->seccomp = SECCOMP_DEFAULT;
	else if (!strcmp(arg, "none"))
		p->seccomp = SECCOMP_NONE;
	else if (!*arg)
		diex(EXIT_USAGE, "--seccomp: want default, none or a FILE");
	else {
		p->seccomp = SECCOMP_FILE;
		p->seccomp_file = arg;
	}
}

/* The instructions seccomp(2) accepts, as the kernel's seccomp_check_filter
 * lists them: loads of struct seccomp_data, arithmetic, jumps, returns. */
static const unsigned short bpf_codes[] = {
	BPF_LD | BPF_W | BPF_ABS, BPF_LD | BPF_W | BPF_LEN, BPF_LDX | BPF_W | BPF_LEN,
	BPF_RET | BPF_K, BPF_RET | BPF_A, BPF_ALU | BPF_NEG,
	BPF_LD | BPF_IMM, BPF_LDX | BPF_IMM, BPF_MISC | BPF_TAX, BPF_MISC | BPF_TXA,
	BPF_LD | BPF_MEM, BPF_LDX | BPF_MEM, BPF_ST, BPF_STX, BPF_JMP | BPF_JA,
#define BOTH(op) op | BPF_K, op | BPF_X
	BOTH(BPF_ALU | BPF_ADD), BOTH(BPF_ALU | BPF_SUB), BOTH(BPF_ALU | BPF_MUL),
	BOTH(BPF_ALU | BPF_DIV), BOTH(BPF_ALU | BPF_AND), BOTH(BPF_ALU | BPF_OR),
	BOTH(BPF_ALU | BPF_XOR), BOTH(BPF_ALU | BPF_LSH), BOTH(BPF_ALU | BPF_RSH),
	BOTH(BPF_JMP | BPF_JEQ), BOTH(BPF_JMP | BPF_JGE), BOTH(BPF_JMP | BPF_JGT),
	BOTH(BPF_JMP | BPF_JSET),
#undef BOTH
};

/* What is wrong with instruction i, or NULL. */
static const char *
bad_insn(const struct sock_filter *f, size_t i, size_t n)
{
	size_t j;

	for (j = 0; j < LEN(bpf_codes) && bpf_codes[j] != f->code; j++)
		;
	if (j == LEN(bpf_codes))
		return "an opcode seccomp does not take";
	if (f->code == (BPF_LD | BPF_W | BPF_ABS) &&
	    (f->k >= sizeof(struct seccomp_data) || f->k % 4))
		return "a load outside struct seccomp_data";
	if ((f->code == (BPF_LD | BPF_MEM) || f->code == (BPF_LDX | BPF_MEM) ||
	    f->code == BPF_ST || f->code == BPF_STX) && f->k >= BPF_MEMWORDS)
		return "a scratch memory slot above 15";
	if (f->code == (BPF_ALU | BPF_DIV | BPF_K) && !f->k)
		return "a division by zero";
	if (f->code == (BPF_JMP | BPF_JA) && f->k >= n - i - 1)
		return "a jump past the end";
	if (BPF_CLASS(f->code) == BPF_JMP && f->code != (BPF_JMP | BPF_JA) &&
	    (i + 1 + f->jt >= n || i + 1 + f->jf >= n))
		return "a jump past the end";
	return NULL;
}

/* FILE: a struct sock_filter array, as bubblewrap's --seccomp and
 * minijail's --seccomp-bpf-binary take it.  Read now, at check time:
 * the path is the caller's, and nothing has changed yet. */
static void
read_file(const char *path)
{
	struct stat st;
	const char *why;
	ssize_t n;
	size_t i;
	int fd;

	fd = openat(AT_FDCWD, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0)
		die(EXIT_USAGE, "--seccomp %s", path);
	if (!S_ISREG(st.st_mode) || !st.st_size || st.st_size % sizeof(*prog) ||
	    st.st_size > (off_t)sizeof(prog))
		diex(EXIT_USAGE, "--seccomp %s: not a BPF program (want 1 to %d "
		    "instructions of %zu bytes, got %lld bytes)", path, BPF_MAXINSNS,
		    sizeof(*prog), (long long)st.st_size);
	n = read(fd, prog, st.st_size);
	close(fd);
	if (n != st.st_size)
		die(EXIT_USAGE, "--seccomp %s: short read", path);
	nprog = n / sizeof(*prog);
	for (i = 0; i < nprog; i++)
		if ((why = bad_insn(&prog[i], i, nprog)))
			diex(EXIT_USAGE, "--seccomp %s: instruction %zu is %s", path, i, why);
	if (BPF_CLASS(prog[nprog - 1].code) != BPF_RET)
		diex(EXIT_USAGE, "--seccomp %s: the last instruction is not a return", path);
}

/* Our effective or permitted capabilities, from one capget(2). */
uint64_t
caps_now(int effective)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (sys_capget(&hdr, d) < 0)
		die(EXIT_SETUP, "seccomp: read capabilities");
	return effective ? (uint64_t)d[1].effective << 32 | d[0].effective :
	    (uint64_t)d[1].permitted << 32 | d[0].permitted;
}

void
seccomp_check(const struct plan *p)
{
	if (p->seccomp == SECCOMP_FILE)
		read_file(p->seccomp_file);
	else if (p->seccomp == SECCOMP_DEFAULT)
		nprog = LEN(seccomp_default);
	/* Without no_new_privs the kernel loads a filter only for a holder of
	 * CAP_SYS_ADMIN (in its user namespace): say so before any change. */
	if (p->seccomp != SECCOMP_NONE && !p->no_new_privs && !p->dry_run &&
	    !(caps_now(1) & 1ULL << CAP_SYS_ADMIN))
		diex(EXIT_SETUP, "--seccomp: loading a filter needs CAP_SYS_ADMIN, "
		    "or --no-new-privs");
}

void
seccomp_print(const struct plan *p, FILE *f)
{
	if (p->seccomp == SECCOMP_NONE)
		return;
	fputs("seccomp ", f);
	if (p->seccomp == SECCOMP_FILE)
		print_escaped(f, p->seccomp_file);
	else
		fputs("default " SECCOMP_ARCH, f);
	fprintf(f, " (%zu instructions, %zu bytes)\n", nprog, nprog * sizeof(*prog));
}

/* The capabilities COMMAND may hold: those kept, of those we hold.  The
 * bounding set is what counts: a set-uid program regains them. */
static uint64_t
kept_caps(const struct plan *p)
{
	uint64_t held = caps_now(0);

	return p->rootfs || p->caps_given ? p->caps & held : held;
}

/* Each mark's return becomes ALLOW when a capability it names is kept,
 * else its errno.  Only "ret #ERRNO|mark" instructions change. */
static void
resolve_marks(const struct plan *p)
{
	uint64_t caps = kept_caps(p);
	const struct seccomp_mark *m;
	uint32_t data;
	size_t i;

	memcpy(prog, seccomp_default, sizeof(seccomp_default));
	for (i = 0; i < nprog; i++) {
		if (prog[i].code != (BPF_RET | BPF_K) ||
		    (prog[i].k & SECCOMP_RET_ACTION_FULL) != SECCOMP_RET_ERRNO)
			continue;
		data = prog[i].k & SECCOMP_RET_DATA;
		if (data < SECCOMP_MARK || data >= SECCOMP_MARK + LEN(seccomp_marks))
			continue;
		m = &seccomp_marks[data - SECCOMP_MARK];
		prog[i].k = m->caps & caps ? SECCOMP_RET_ALLOW :
		    SECCOMP_RET_ERRNO | (uint32_t)m->err;
	}
}

/* The last change before exec.  Without no_new_privs it runs while
 * CAP_SYS_ADMIN is still ours (as runc does), so set-uid programs keep
 * working; with it, after the capabilities are gone. */
void
seccomp_load(const struct plan *p)
{
	struct sock_fprog fprog;

	if (p->seccomp == SECCOMP_NONE)
		return;
	if (p->seccomp == SECCOMP_DEFAULT)
		resolve_marks(p);
	fprog.len = nprog;
	fprog.filter = prog;
	if (sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, &fprog) < 0)
		die(EXIT_SETUP, "seccomp: load %s",
		    p->seccomp == SECCOMP_FILE ? p->seccomp_file : "the default filter");
	logv("seccomp: %zu instructions loaded", nprog);
}
