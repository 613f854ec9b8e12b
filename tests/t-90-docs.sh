#!/bin/sh
# t-90-docs: the documentation agrees with the binary.  rootinit.8 is
# lint-clean and renders; every option of --help is in the manual and the
# README, and the manual documents no option --help lacks; the SYNOPSIS is
# the usage line; the dry-run steps, exit statuses and defaults the manual
# lists are the binary's; the README's quick start and .ci/run are there.
. "$(dirname "$0")/lib.sh"
# One line each, newlines shown as "|", control characters made visible.
notok() { printf 'not ok %s: %s\n' "$1" "$(printf %s "$2" | tr '\n' '|')" | cat -v; }

TOP=$(cd "$TESTS/.." && pwd)
MAN=$TOP/rootinit.8
README=$TOP/README.md
T=$(tmpdir)
trap 'cleanup_dir "$T"' EXIT
mkdir -p "$T/root"

HELP=$("$RI" --help)
USAGE=$(printf '%s\n' "$HELP" | sed -n '1s/^usage: //p')

# The manual as plain text (overstrike removed), wide enough not to wrap.
render() { mandoc -T ascii -O width=200 "$MAN" | sed 's/.\x08//g'; }
# Lines of one section (.Sh NAME) of the manual's source.
section() { sed -n "/^\.Sh $1\$/,/^\.Sh /p" "$MAN"; }
# The options of --help, one a line: "-r --rootfs" or "--mask".
help_opts() {
	printf '%s\n' "$HELP" | sed -n 's/^  *\(-[A-Za-z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\1\2/p' |
		tr -d ',' | sort
}
# The options the manual's OPTIONS section lists, in the same form.
man_opts() {
	section OPTIONS | sed -n 's/^\.It Fl \([A-Za-z]\) , Fl \\-\([a-z][a-z-]*\).*/-\1 --\2/p
		s/^\.It Fl \\-\([a-z][a-z-]*\).*/--\1/p' | sort
}
# has_opt FILE-TEXT OPT: OPT appears, not as the prefix of a longer option.
has_opt() { printf '%s\n' "$1" | grep -Eq -- "$2([^a-z-]|\$)"; }

# --- the manual: lint and rendering ------------------------------------------
if ! command -v mandoc >/dev/null; then
	notok man-lint "mandoc is not installed (scripts/deps.sh installs it)"
else
	# Not the page's fault, so not counted: mandoc's note that the machine
	# has no mandoc.db, and cross-references to pages this machine lacks.
	lint=$(mandoc -T lint "$MAN" 2>&1 | grep -v 'outdated mandoc.db lacks' |
		while IFS= read -r l; do
			case $l in
			*"referenced manual not found: Xr "*)
				set -- $(printf '%s\n' "$l" | sed 's/.*Xr //')
				man -w "$2" "$1" >/dev/null 2>&1 || continue ;;
			esac
			printf '%s\n' "$l"
		done)
	expect_eq man-lint "" "$lint"
	page=$(render)
	expect_match man-render-mandoc '^SYNOPSIS' "$page"
fi
if command -v man >/dev/null; then
	out=$(MANPAGER=cat PAGER=cat MANWIDTH=80 man ./rootinit.8 2>&1 </dev/null)
	rc=$?
	if [ $rc = 0 ] && printf '%s\n' "$out" | grep -q '^SYNOPSIS' &&
	    printf '%s\n' "$out" | grep -q '^EXIT STATUS' &&
	    ! printf '%s\n' "$out" | grep -qi 'warning'; then
		ok man-render-man
	else
		notok man-render-man "man ./rootinit.8: status $rc, [$( (printf '%s\n' "$out" |
			grep -i warning || printf '%s\n' "$out") | head -c 300)]"
	fi
fi

# --- SYNOPSIS and usage -------------------------------------------------------
expect_eq help-usage-line 'rootinit [OPTION]... [--] [COMMAND [ARG]...]' "$USAGE"
if command -v mandoc >/dev/null; then
	syn=$(render | sed -n '/^SYNOPSIS/{n;p;q;}' | sed 's/^ *//; s/  */ /g; s/ *$//')
	expect_eq man-synopsis-is-usage "$USAGE" "$syn"
fi

# --- options: --help, the manual, the README ---------------------------------
expect_eq man-options-are-help-options "$(help_opts)" "$(man_opts)"
nhelp=$(help_opts | wc -l)
[ "$nhelp" -ge 20 ] && ok help-lists-options || notok help-lists-options "only $nhelp found in --help"
miss_man="" miss_readme=""
rendered=$(render 2>/dev/null)
readme=$(cat "$README" 2>/dev/null)
for o in $(help_opts); do
	case $o in --*) ;; *) continue ;; esac
	has_opt "$rendered" "$o" || miss_man="$miss_man $o"
	has_opt "$readme" "$o" || miss_readme="$miss_readme $o"
done
expect_eq help-options-in-man "" "$miss_man"
expect_eq help-options-in-readme "" "$miss_readme"
# Every option in the README's option table is one of --help's.
extra=""
for o in $(sed -n 's/^| `\([^|]*\)`.*/\1/p' "$README" | grep -Eo -- '--[a-z][a-z-]*' | sort -u); do
	printf '%s\n' "$HELP" | grep -Eq -- "$o([^a-z-]|\$)" || extra="$extra $o"
done
expect_eq readme-table-options-exist "" "$extra"
ntable=$(sed -n 's/^| `\([^|]*\)`.*/\1/p' "$README" | grep -Ec -- '--[a-z]')
[ "$ntable" -ge 20 ] && ok readme-has-option-table ||
	notok readme-has-option-table "$ntable option rows found"

# --- version ------------------------------------------------------------------
want=$(sed -n 's/^#define VERSION "\(.*\)"$/\1/p' "$TOP/rootinit.h")
expect_eq version "rootinit $want" "$("$RI" -V)"
bad=""
for f in "$MAN" "$README"; do
	for v in $(grep -Eo 'rootinit (version )?[0-9]+\.[0-9]+(\.[0-9]+)?' "$f" | grep -Eo '[0-9.]+$'); do
		[ "$v" = "$want" ] || bad="$bad $(basename "$f"):$v"
	done
done
expect_eq docs-version-is-binary-version "" "$bad"

# --- the dry-run steps, exit statuses and defaults ----------------------------
# A plan with every kind of step; each first word must be described.
plan=$("$RI" -n -r "$T/root" -m 'tmpfs /tmp tmpfs size=1m' -d '/dev/fuse c 10 229' \
	--console /dev/null --mask /x --readonly-path /y --readonly --no-pivot \
	--hostname h --caps none --user 1:2 --no-new-privs --workdir /w --env A=b \
	-g --module /m.ko --cgroupns -- true 2>&1)
plan="$plan
$("$RI" -n --exec true 2>&1)"
missing=""
for w in $(printf '%s\n' "$plan" | cut -d' ' -f1 | sort -u); do
	section 'DRY RUN' | grep -q "^\.It Li $w\( \|\$\)" || missing="$missing $w"
done
expect_eq man-dry-run-steps "" "$missing"
missing=""
for w in rootfs mount device link console mask readonly-path switch readonly umask \
    hostname caps user no-new-privs workdir env grace group supervise exec module; do
	printf '%s\n' "$plan" | grep -q "^$w\( \|\$\)" || missing="$missing $w"
done
expect_eq dry-run-has-every-step "" "$missing"

missing=""
for s in $(sed -n 's/^#define EXIT_[A-Z]*[[:space:]]*\([0-9]*\)$/\1/p' "$TOP/rootinit.h"); do
	section 'EXIT STATUS' | grep -q "^\.It $s\$" || missing="$missing man:$s"
	grep -q "^| $s |" "$README" || missing="$missing readme:$s"
done
expect_eq exit-statuses-documented "" "$missing"

# The default plan's mounts, devices, masks and read-only paths are in both.
missing=""
defaults=$("$RI" -n -r "$T/root")
flat_man=$(section DEFAULTS | tr -s ' \t' '  ')
while read -r step a b c d e; do
	case $step in
	mount)
		printf '%s\n' "$flat_man" | grep -qF "$a $b $c $d" || missing="$missing man:$b"
		grep -qF "\`$a $b $c $d\`" "$README" || missing="$missing readme:$b" ;;
	device)
		grep -qF "\`$a $b $c $d\`" "$README" || missing="$missing readme:$a"
		section DEFAULTS | grep -A1 "^\.Pa $a\$" | grep -qF "($b $c $d)" ||
			missing="$missing man:$a" ;;
	mask | readonly-path)
		grep -qF "$a" "$README" || missing="$missing readme:$a"
		section DEFAULTS | grep -qF "$a" || missing="$missing man:$a" ;;
	caps)
		for cap in $(printf '%s\n' "$a" | tr ',' ' '); do
			section DEFAULTS | grep -qw "$cap" || missing="$missing man:$cap"
			grep -qw "$cap" "$README" || missing="$missing readme:$cap"
		done ;;
	esac
done <<EOF
$defaults
EOF
expect_eq defaults-documented "" "$missing"

# --- README, CI and the build files -------------------------------------------
quick=$(sed -n '/^## Quick start/,/^## /p' "$README" | sed -n '/^```/,/^```/p' | grep -v '^```')
expect_eq readme-quick-start "make demo
make check" "$quick"
check readme-names-benchmarks grep -q '(docs/benchmarks.md)' "$README"
check ci-run-executable test -x "$TOP/.ci/run"
check ci-run-parses sh -n "$TOP/.ci/run"
check ci-run-runs-check grep -q '^make check\|make check 2>&1' "$TOP/.ci/run"
check demo-executable test -x "$TOP/scripts/demo.sh"
check demo-parses sh -n "$TOP/scripts/demo.sh"
df=$TOP/Dockerfile.build
check dockerfile-alpine-packages grep -q 'apk add .*build-base linux-headers libcap-ng-dev libcap-ng-static' "$df"
last=$(sed -n '/^FROM /h; /^FROM /!H; ${x;p;}' "$df" | grep -Ev '^(#|$)')
expect_eq dockerfile-outputs-only-the-binary "FROM scratch
COPY --from=build /src/rootinit /rootinit" "$last"

# make install puts the binary and the manual where PREFIX and DESTDIR say
# (-o rootinit: install the binary under test, never rebuild it here).
if make -s -o rootinit -C "$TOP" install DESTDIR="$T/dest" PREFIX=/usr >"$T/install.log" 2>&1 &&
    [ -x "$T/dest/usr/sbin/rootinit" ] && [ -f "$T/dest/usr/share/man/man8/rootinit.8" ]; then
	ok make-install
else
	notok make-install "$(tail -3 "$T/install.log"; find "$T/dest" 2>/dev/null | head -5)"
fi
