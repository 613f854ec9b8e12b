/* options.c: argv to plan, getopt_long conventions.  Parsing stops at "--"
 * or at the first word that is not an option: that word is COMMAND. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "rootinit.h"

enum {
	OPT_NO_DEFAULT_MOUNTS = 256, OPT_NO_DEFAULT_DEVICES, OPT_MASK,
	OPT_READONLY_PATH, OPT_NO_DEFAULT_MASKS, OPT_READONLY, OPT_NO_PIVOT,
	OPT_HOSTNAME, OPT_CONSOLE, OPT_CAPS, OPT_USER, OPT_NO_NEW_PRIVS,
	OPT_WORKDIR, OPT_ENV, OPT_EXEC, OPT_GRACE, OPT_MODULE,
	OPT_SECCOMP, OPT_RLIMIT, OPT_SYSCTL, OPT_OOM_SCORE_ADJ, OPT_BOOT,
	OPT_SWITCH_ROOT, OPT_NO_DEFAULT_LINKS,
	OPT_CGROUPNS, OPT_OVERLAY,
};

static const struct option longopts[] = {
	{ "rootfs", required_argument, NULL, 'r' },
	{ "mount", required_argument, NULL, 'm' },
	{ "no-default-mounts", no_argument, NULL, OPT_NO_DEFAULT_MOUNTS },
	{ "device", required_argument, NULL, 'd' },
	{ "no-default-devices", no_argument, NULL, OPT_NO_DEFAULT_DEVICES },
	{ "no-default-links", no_argument, NULL, OPT_NO_DEFAULT_LINKS },
	{ "mask", required_argument, NULL, OPT_MASK },
	{ "readonly-path", required_argument, NULL, OPT_READONLY_PATH },
	{ "no-default-masks", no_argument, NULL, OPT_NO_DEFAULT_MASKS },
	{ "readonly", no_argument, NULL, OPT_READONLY },
	{ "no-pivot", no_argument, NULL, OPT_NO_PIVOT },
	{ "hostname", required_argument, NULL, OPT_HOSTNAME },
	{ "console", required_argument, NULL, OPT_CONSOLE },
	{ "tty", no_argument, NULL, 't' },
	{ "caps", required_argument, NULL, OPT_CAPS },
	{ "user", required_argument, NULL, OPT_USER },
	{ "no-new-privs", no_argument, NULL, OPT_NO_NEW_PRIVS },
	{ "workdir", required_argument, NULL, OPT_WORKDIR },
	{ "env", required_argument, NULL, OPT_ENV },
	{ "exec", no_argument, NULL, OPT_EXEC },
	{ "group", no_argument, NULL, 'g' },
	{ "grace", required_argument, NULL, OPT_GRACE },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "seccomp", required_argument, NULL, OPT_SECCOMP },
	{ "rlimit", required_argument, NULL, OPT_RLIMIT },
	{ "sysctl", required_argument, NULL, OPT_SYSCTL },
	{ "oom-score-adj", required_argument, NULL, OPT_OOM_SCORE_ADJ },
	{ "boot", required_argument, NULL, OPT_BOOT },
	{ "switch-root", no_argument, NULL, OPT_SWITCH_ROOT },
	{ "cgroupns", no_argument, NULL, OPT_CGROUPNS },
	{ "overlay", no_argument, NULL, OPT_OVERLAY },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char usage_text[] =
"usage: rootinit [OPTION]... [--] [COMMAND [ARG]...]\n"
"Prepare a container root, then run COMMAND in it as PID 1's child (or as PID 1).\n"
"\n"
"  -r, --rootfs DIR          directory that becomes /\n"
"  -m, --mount SPEC          add a mount: 'SOURCE TARGET FSTYPE [OPTIONS]'\n"
"      --no-default-mounts   drop the compiled mount table\n"
"  -d, --device SPEC         add a device: 'PATH' or 'PATH TYPE MAJOR MINOR [MODE [UID [GID]]]'\n"
"      --no-default-devices  drop the compiled device list\n"
"      --no-default-links    make no /dev links (fd, stdin, ptmx...)\n"
"      --mask PATH           hide PATH\n"
"      --readonly-path PATH  make PATH read-only\n"
"      --no-default-masks    drop the compiled masked and read-only paths\n"
"      --readonly            make the new root read-only\n"
"      --no-pivot            MS_MOVE and chroot instead of pivot_root\n"
"      --hostname NAME       set the hostname\n"
"      --console PATH        bind the pty PATH onto /dev/console\n"
"  -t, --tty                 a pty of the new root for COMMAND, relayed to stdin/stdout\n"
"      --caps LIST           capabilities to keep (names, 'all' or 'none')\n"
"      --user UID[:GID]      run COMMAND as that user\n"
"      --no-new-privs        set PR_SET_NO_NEW_PRIVS for COMMAND\n"
"      --workdir DIR         COMMAND's working directory\n"
"      --env NAME=VALUE      set a variable in COMMAND's environment\n"
"      --exec                replace rootinit with COMMAND\n"
"  -g, --group               forward signals to COMMAND's process group\n"
"      --grace SECONDS       wait for other processes after COMMAND exits\n"
"      --module 'PATH [PARAMS]'  load a kernel module first\n"
"      --seccomp default|none|FILE  COMMAND's syscall filter\n"
"      --rlimit NAME=SOFT[:HARD]  COMMAND's resource limit (prlimit's names)\n"
"      --sysctl KEY=VALUE    set a namespaced sysctl\n"
"      --oom-score-adj N     COMMAND's OOM score adjustment\n"
"      --boot auto|yes|no    boot mode (auto: if the kernel started rootinit)\n"
"      --switch-root         boot: hand the machine over to the root's init\n"
"      --cgroupns            a cgroup namespace of its own; cgroup2 on /sys/fs/cgroup\n"
"      --overlay             boot: a tmpfs over the read-only root=\n"
"  -n, --dry-run             print the plan and exit\n"
"  -v, --verbose             log each step to stderr\n"
"  -q, --quiet               no warnings (errors are still printed)\n"
"  -h, --help                print this help and exit\n"
"  -V, --version             print the version and exit\n";

static _Noreturn void
print_and_exit(const char *text)
{
	fputs(text, stdout);
	leave(fflush(stdout) ? EXIT_SETUP : 0);
}

/* Why a --long word was refused: it takes no argument, it is a prefix of
 * several options, or it is none. */
static _Noreturn void
bad_long(const char *word)
{
	size_t len = strcspn(word + 2, "="), i, n = 0;
	const struct option *o = NULL;

	for (i = 0; longopts[i].name; i++)
		if (!strncmp(longopts[i].name, word + 2, len)) {
			n++;
			o = &longopts[i];
			if (!o->name[len])
				break;	/* an exact match wins */
		}
	if (o && word[2 + len] == '=' && o->has_arg == no_argument &&
	    (n == 1 || !o->name[len]))
		diex(EXIT_USAGE, "option %s takes no argument", word);
	if (n > 1)
		diex(EXIT_USAGE, "ambiguous option %s", word);
	diex(EXIT_USAGE, "unknown option %s", word);
}

/* musl leaves optind past argc when the last option lacks its argument. */
static _Noreturn void
bad_option(int argc, char **argv, int opt)
{
	const char *word = optind > 0 && optind - 1 < argc ? argv[optind - 1] : NULL;

	if (optopt && optopt < 256 && (!word || strncmp(word, "--", 2)))
		diex(EXIT_USAGE, opt == ':' ? "option -%c needs an argument" :
		    "unknown option -%c", optopt);
	if (!word)
		diex(EXIT_USAGE, "an option needs an argument");
	if (opt == ':')
		diex(EXIT_USAGE, "option %s needs an argument", word);
	bad_long(word);
}

/* The plan holds a copy of an --env value; the text in argv, which any
 * process in the container reads as /proc/1/cmdline, is wiped. */
static void
hide_value(char *assignment)
{
	char *v = strchr(assignment, '=');

	if (v)
		memset(v + 1, 0, strlen(v + 1));
}

static void
one_option(struct plan *p, int c, int argc, char **argv)
{
	switch (c) {
	case 'r': p->rootfs = optarg; break;
	case 'm': plan_add_mount(p, optarg); break;
	case OPT_NO_DEFAULT_MOUNTS: p->no_default_mounts = 1; break;
	case 'd': plan_add_device(p, optarg); break;
	case OPT_NO_DEFAULT_DEVICES: p->no_default_devices = 1; break;
	case OPT_NO_DEFAULT_LINKS: p->no_default_links = 1; break;
	case OPT_MASK: plan_add_path(p, 0, optarg); break;
	case OPT_READONLY_PATH: plan_add_path(p, 1, optarg); break;
	case OPT_NO_DEFAULT_MASKS: p->no_default_masks = 1; break;
	case OPT_READONLY: p->readonly = 1; break;
	case OPT_NO_PIVOT: p->no_pivot = 1; break;
	case OPT_HOSTNAME: plan_set_hostname(p, optarg); break;
	case OPT_CONSOLE: path_check("--console", optarg); p->console = optarg; break;
	case 't': p->tty = 1; break;
	case OPT_CAPS: caps_parse(p, optarg); p->caps_given = 1; break;
	case OPT_USER: plan_set_user(p, optarg); break;
	case OPT_NO_NEW_PRIVS: p->no_new_privs = 1; break;
	case OPT_WORKDIR: path_check("--workdir", optarg); p->workdir = optarg; break;
	case OPT_ENV: plan_add_env(p, optarg); hide_value(optarg); break;
	case OPT_EXEC: p->exec = 1; break;
	case 'g': p->group = 1; break;
	case OPT_GRACE: plan_set_grace(p, optarg); break;
	case OPT_MODULE: plan_add_module(p, optarg); break;
	case OPT_SECCOMP: seccomp_parse(p, optarg); break;
	case OPT_RLIMIT: plan_add_rlimit(p, optarg); break;
	case OPT_SYSCTL: plan_add_sysctl(p, optarg); break;
	case OPT_OOM_SCORE_ADJ: plan_set_oom(p, optarg); break;
	case OPT_BOOT: boot_set_mode(p, optarg); break;
	case OPT_SWITCH_ROOT: p->switch_root = 1; break;
	case OPT_CGROUPNS: p->cgroupns = CGROUPNS_NEW; break;
	case OPT_OVERLAY: p->overlay = 1; break;
	case 'n': p->dry_run = 1; break;
	case 'v': verbose = 1; break;
	case 'q': quiet = 1; break;
	case 'h': print_and_exit(usage_text);
	case 'V': print_and_exit("rootinit " VERSION "\n");
	default: bad_option(argc, argv, c);
	}
}

void
options_parse(struct plan *p, int argc, char **argv)
{
	int c;

	opterr = 0;
	optind = 0;	/* a full reset, in musl and glibc: tests parse many times */
	while ((c = getopt_long(argc, argv, "+:r:m:d:tgnvqhV", longopts, NULL)) != -1)
		one_option(p, c, argc, argv);
	p->argv = argv + optind;
	if (p->rootfs && !*p->rootfs)
		diex(EXIT_USAGE, "--rootfs: empty path");
}
