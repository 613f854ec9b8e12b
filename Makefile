# rootinit: a static init for containers and initramfs boots.
include config.mk

SRC = init.c err.c options.c plan.c merge.c check.c print.c fstab.c \
      privs.c resolve.c rootfs.c bind.c switch.c mountinfo.c idmap.c devices.c masks.c \
      workload.c supervise.c tty.c boot.c handover.c modlist.c procfs.c blkid.c arena.c \
      seccomp.c limits.c vmexit.c overlay.c
OBJ = $(SRC:.c=.o)
CAPNG = $(BUILD)/capng
LIBCAPNG = $(CAPNG)/lib/libcap-ng.a

# Required flags, kept apart from the user's and appended (musl's way).
RI_CPPFLAGS = -D_GNU_SOURCE -I$(CAPNG)/include -I$(BUILD) -idirafter $(CAPNG)/kheaders
# -fno-pie: the binary is static and not PIE; position-dependent code keeps
# const tables of pointers in .rodata instead of RELRO data.
RI_CFLAGS = -std=gnu11 -Wall -Wextra -Wformat=2 -fstack-protector-strong \
	-ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables -fno-pie
RI_LDFLAGS = -static -no-pie -Wl,--gc-sections -Wl,-z,noseparate-code -Wl,--build-id=none

all: rootinit

# A library given on the command line (Alpine's, in Dockerfile.build) is
# used as it is; ours is built by deps.sh.
ifneq ($(origin LIBCAPNG),command line)
$(LIBCAPNG): scripts/deps.sh
	BUILD=$(BUILD) ./scripts/deps.sh
endif

$(OBJ): rootinit.h config.h sys.h $(LIBCAPNG)

# The default seccomp filter: seccomp.policy through libseccomp, on the
# build host (HOSTCC), into a const table.  Generated, never edited.
SECCOMP_H = $(BUILD)/seccomp-default.h
$(BUILD)/seccomp-gen: tools/seccomp-gen.c
	@mkdir -p $(BUILD)
	$(HOSTCC) -O2 -Wall -Wextra -o $@ tools/seccomp-gen.c -lseccomp
$(SECCOMP_H): $(BUILD)/seccomp-gen seccomp.policy
	$(BUILD)/seccomp-gen seccomp.policy >$@.tmp && mv $@.tmp $@
seccomp.o: $(SECCOMP_H)

.c.o:
	$(CC) $(CPPFLAGS) $(RI_CPPFLAGS) $(CFLAGS) $(RI_CFLAGS) -c -o $@ $<

rootinit: $(OBJ) $(LIBCAPNG)
	$(CC) $(CFLAGS) $(RI_CFLAGS) $(LDFLAGS) $(RI_LDFLAGS) -o $@ $(OBJ) $(LIBCAPNG)

deps:
	BUILD=$(BUILD) ./scripts/deps.sh

check: rootinit tests/unit tests/ptyrun tests/tiocsti
	./tests/run

# The slow tier: Debian 12 with systemd booted through --switch-root.
check-handover: rootinit
	./tests/run t-65

demo: rootinit
	./scripts/demo.sh

bench: rootinit
	./bench/run

install: rootinit
	mkdir -p $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(MANPREFIX)/man8
	cp -f rootinit $(DESTDIR)$(PREFIX)/sbin/rootinit
	strip $(DESTDIR)$(PREFIX)/sbin/rootinit 2>/dev/null || true
	chmod 755 $(DESTDIR)$(PREFIX)/sbin/rootinit
	cp -f rootinit.8 $(DESTDIR)$(MANPREFIX)/man8/rootinit.8
	chmod 644 $(DESTDIR)$(MANPREFIX)/man8/rootinit.8

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/rootinit $(DESTDIR)$(MANPREFIX)/man8/rootinit.8

clean:
	rm -f rootinit $(OBJ) tests/unit tests/walk tests/oldkernel tests/confine \
		tests/ptyrun tests/tiocsti tests/*.o $(SECCOMP_H) $(BUILD)/seccomp-gen

distclean: clean
	rm -rf $(BUILD)

.PHONY: all deps check check-handover demo bench install uninstall clean distclean

# Unit tests: the plan's rooms linked without main().
# (arena.o stays out: the test harness uses tmpfile and open_memstream.)
LIBOBJ = $(filter-out init.o arena.o,$(OBJ))
tests/unit: tests/unit.c $(LIBOBJ) $(LIBCAPNG)
	$(CC) $(CPPFLAGS) $(RI_CPPFLAGS) -I. $(CFLAGS) $(RI_CFLAGS) $(LDFLAGS) $(RI_LDFLAGS) \
		-o $@ tests/unit.c $(LIBOBJ) $(LIBCAPNG)

tests/walk: tests/walk.c $(LIBOBJ) $(LIBCAPNG)
	$(CC) $(CPPFLAGS) $(RI_CPPFLAGS) -I. $(CFLAGS) $(RI_CFLAGS) $(LDFLAGS) $(RI_LDFLAGS) \
		-o $@ tests/walk.c $(LIBOBJ) $(LIBCAPNG)

tests/oldkernel: tests/oldkernel.c $(LIBCAPNG)
	$(CC) $(CPPFLAGS) $(RI_CPPFLAGS) $(CFLAGS) $(RI_CFLAGS) $(LDFLAGS) $(RI_LDFLAGS) \
		-o $@ tests/oldkernel.c

# Sanitizer and fuzz builds: clang, glibc, Debian's libcap-ng (arena.c
# replaces malloc, so it stays out of them: ASan brings its own).
SANSRC = $(filter-out init.c arena.c,$(SRC))
SANFLAGS = -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_TIME = 600

tests/unit-asan: tests/unit.c $(SANSRC) rootinit.h config.h $(SECCOMP_H)
	clang -D_GNU_SOURCE -I. -I$(BUILD) $(SANFLAGS) -o $@ tests/unit.c $(SANSRC) -lcap-ng

tests/fuzz-plan: tests/fuzz.c $(SANSRC) rootinit.h config.h $(SECCOMP_H)
	clang -D_GNU_SOURCE -I. -I$(BUILD) $(SANFLAGS) -fsanitize=fuzzer -o $@ tests/fuzz.c $(SANSRC) -lcap-ng

fuzz: tests/fuzz-plan
	mkdir -p $(BUILD)/fuzz-corpus
	./tests/fuzz-plan -max_total_time=$(FUZZ_TIME) -max_len=4096 $(BUILD)/fuzz-corpus tests/fuzz-corpus

# The probe t-48-confine.sh copies into its busybox root: static, musl.
tests/confine: tests/confine.c
	$(CC) -static -Os -Wall -Wextra -o $@ tests/confine.c

# The pty driver (a terminal for the tty tests) and the hostile workload
# that pushes input with TIOCSTI (static: it runs in a busybox root).
tests/ptyrun: tests/ptyrun.c
	$(CC) $(CPPFLAGS) -D_GNU_SOURCE $(CFLAGS) -Wall -Wextra $(LDFLAGS) -static -o $@ tests/ptyrun.c

tests/tiocsti: tests/tiocsti.c
	$(CC) $(CPPFLAGS) $(CFLAGS) -Wall -Wextra $(LDFLAGS) -static -o $@ tests/tiocsti.c
