/* privs.c: capabilities and user: the only room that includes <cap-ng.h>. */
#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cap-ng.h>

#include "rootinit.h"
#include "sys.h"

#define ALL_CAPS UINT64_MAX

/* One name, "CAP_CHOWN", "chown" or "Chown", to its number; -1 if unknown. */
static int
cap_number(const char *s, size_t len)
{
	char name[32];
	size_t i;

	if (len > 4 && !strncasecmp(s, "cap_", 4)) {
		s += 4;
		len -= 4;
	}
	if (!len || len >= sizeof(name))
		return -1;
	for (i = 0; i < len; i++)
		name[i] = tolower((unsigned char)s[i]);
	name[len] = '\0';
	return capng_name_to_capability(name);
}

void
caps_parse(struct plan *p, const char *list)
{
	const char *s, *end;
	int cap;

	if (!strcasecmp(list, "all")) {
		p->caps = ALL_CAPS;
		return;
	}
	p->caps = 0;
	if (!strcasecmp(list, "none"))
		return;
	for (s = list;; s = end + 1) {
		end = strchr(s, ',');
		if (!end)
			end = s + strlen(s);
		cap = cap_number(s, end - s);
		if (cap < 0 || cap > 63)
			diex(EXIT_USAGE, "--caps: unknown capability '%.*s'",
			    (int)(end - s > 40 ? 40 : end - s), s);
		p->caps |= 1ULL << cap;
		if (!*end)
			break;
	}
}

void
caps_print(FILE *f, uint64_t caps)
{
	const char *name;
	const char *sep = " ";
	unsigned int i;

	if (caps == ALL_CAPS)
		fputs(" all", f);
	else if (!caps)
		fputs(" none", f);
	for (i = 0; i < 64 && caps != ALL_CAPS; i++) {
		if (!(caps & (1ULL << i)) || !(name = capng_capability_to_name(i)))
			continue;
		fputs(sep, f);
		for (; *name; name++)
			putc(toupper((unsigned char)*name), f);
		sep = ",";
	}
	putc('\n', f);
}

static void
set_user(const struct plan *p)
{
	/* Keep the permitted set across setuid so the kept capabilities can
	 * be made effective again below; execve decides what COMMAND gets. */
	if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
		die(EXIT_SETUP, "keep capabilities across setuid");
	if (sys_setgroups(0, NULL) < 0)
		die(EXIT_SETUP, "clear supplementary groups");
	if (sys_setgid(p->gid) < 0)
		die(EXIT_SETUP, "setgid %u", (unsigned)p->gid);
	if (sys_setuid(p->uid) < 0)
		die(EXIT_SETUP, "setuid %u", (unsigned)p->uid);
	if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
		die(EXIT_SETUP, "reset keepcaps");
}

static void
want(uint64_t caps, capng_type_t sets)
{
	unsigned int i;

	for (i = 0; i < 64; i++)
		if ((caps & (1ULL << i)) && capng_capability_to_name(i))
			capng_update(CAPNG_ADD, sets, i);
}

/* The capability sets as the kernel has them: capget(2) and prctl(2),
 * never /proc/PID/status, which after the switch is whatever the image
 * put there (libcap-ng's capng_get_caps_process reads it, and so does
 * its capng_apply of the bounding set: neither is called). */
struct capsets {
	uint64_t eff, perm, inh;
};

static int
capsets_read(struct capsets *c)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2];

	if (sys_capget(&hdr, data) < 0)
		return -1;
	c->eff = (uint64_t)data[1].effective << 32 | data[0].effective;
	c->perm = (uint64_t)data[1].permitted << 32 | data[0].permitted;
	c->inh = (uint64_t)data[1].inheritable << 32 | data[0].inheritable;
	return 0;
}

/* What we hold now and libcap-ng can name: asking to keep more than
 * that cannot succeed. */
static uint64_t
held(uint64_t caps)
{
	struct capsets c;
	unsigned int i;

	for (i = 0; i < 64; i++)
		if (!capng_capability_to_name(i))
			caps &= ~(1ULL << i);
	return capsets_read(&c) < 0 ? caps : caps & c.perm;
}

/* Drop from the bounding set every capability the kernel knows (it may
 * know more than libcap-ng's table) but those kept.  PR_CAPBSET_READ
 * fails with EINVAL past the last one. */
static int
bounding_keep(uint64_t caps)
{
	unsigned int i;
	int r;

	for (i = 0; (r = prctl(PR_CAPBSET_READ, i, 0, 0, 0)) >= 0; i++) {
		if (!r || (i < 64 && (caps & (1ULL << i))))
			continue;
		if (prctl(PR_CAPBSET_DROP, i, 0, 0, 0) < 0)
			return -1;
	}
	return 0;
}

/* Bounding, permitted and effective hold exactly the kept capabilities,
 * inheritable and ambient nothing: asked of the kernel, cap by cap. */
static void
verify(uint64_t caps)
{
	struct capsets c;
	unsigned int i;
	int bound, keep;

	if (capsets_read(&c) < 0)
		die(EXIT_SETUP, "capabilities: cannot read them back");
	for (i = 0; (bound = prctl(PR_CAPBSET_READ, i, 0, 0, 0)) >= 0; i++) {
		keep = i < 64 && (caps & (1ULL << i));
		if (bound != keep || (i < 64 && (!!(c.eff & (1ULL << i)) != keep ||
		    !!(c.perm & (1ULL << i)) != keep || (c.inh & (1ULL << i)))) ||
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) > 0)
			diex(EXIT_SETUP, "capabilities: %s%s (%u) not as asked after "
			    "dropping", capng_capability_to_name(i) ? "CAP_" : "",
			    capng_capability_to_name(i) ? capng_capability_to_name(i) :
			    "capability", i);
	}
}

/* Bounding set first, while CAP_SETPCAP is still effective; then the
 * user; then permitted and effective with libcap-ng (capset), ambient
 * cleared; then all read back. */
void
privs_drop(const struct plan *p)
{
	uint64_t caps = held(p->caps);
	int drop = p->rootfs || p->caps_given;

	if (drop && bounding_keep(caps) < 0)
		die(EXIT_SETUP, "capabilities: cannot drop the bounding set");
	if (p->user_given)
		set_user(p);
	if (drop) {
		capng_clear(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
		want(caps, CAPNG_EFFECTIVE | CAPNG_PERMITTED);
		if (capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT) < 0)
			diex(EXIT_SETUP, "capabilities: cannot set them");
		verify(caps);
	}
	if (p->no_new_privs && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		die(EXIT_SETUP, "no_new_privs");
}

/* The supervisor needs CAP_KILL (to signal processes of other users) and,
 * booting, CAP_SYS_BOOT (to power off) and what vmexit.c needs to hand
 * the status out (CAP_SYS_RAWIO for an I/O port); nothing else.  It must not die
 * here: a failure is only a warning. */
void
privs_supervisor(const struct plan *p)
{
	uint64_t caps = held((1ULL << CAP_KILL) |
	    (p->boot ? 1ULL << CAP_SYS_BOOT | vmexit_caps() : 0));

	capng_clear(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
	want(caps, CAPNG_EFFECTIVE | CAPNG_PERMITTED);
	if (bounding_keep(caps) < 0 ||
	    capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT) < 0)
		warnx("supervisor: could not drop its own capabilities");
}
