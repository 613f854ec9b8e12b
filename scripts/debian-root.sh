#!/bin/sh
# scripts/debian-root.sh: a Debian 12 root with systemd and udev on an ext4
# image, for booting a real distribution through rootinit's hand-over
# (tests/t-65-handover.sh), cached.
#
#   scripts/debian-root.sh            # prints the image's path
#
# debootstrap --variant=minbase bookworm with systemd-sysv and udev, from
# the mirror this machine's apt already uses (read from its sources, never
# written here), into $BUILD/debian-root.img (default build/), 1 GiB,
# made with mke2fs -d: nothing is mounted.  The root password is empty
# and a unit, rootinit-report.service, prints on the console once the
# system has started: the state systemd reached, whether udevd and the
# getty on ttyS0 run, the failed units, then powers the machine off.
# A second run reuses the image (rm it to rebuild).
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
IMG=$(cd "$BUILD" 2>/dev/null && pwd || { mkdir -p "$BUILD" && cd "$BUILD" && pwd; })/debian-root.img
[ -s "$IMG" ] && { echo "$IMG"; exit 0; }

./scripts/deps.sh --packages debootstrap e2fsprogs >&2
mirror=$(sed -n 's/^URIs: *\([^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(sed -n 's/^deb \[*[^]]*\]* *\(http[^ ]*\) bookworm main.*/\1/p;s/^deb \(http[^ ]*\) bookworm .*/\1/p' \
	/etc/apt/sources.list 2>/dev/null | head -1)
[ -n "$mirror" ] || { echo "debian-root: no Debian mirror in apt's sources" >&2; exit 1; }
D=$IMG.d
rm -rf "$D"
echo "debian-root: debootstrap from $mirror" >&2
debootstrap --variant=minbase --include=systemd-sysv,udev bookworm "$D" "$mirror" >&2
# The report, on the console once startup is over.
cat >"$D/usr/local/sbin/rootinit-report" <<'EOS'
#!/bin/sh
state=$(systemctl is-system-running --wait)
echo "REPORT state=$state"
echo "REPORT udevd=$(systemctl is-active systemd-udevd.service)"
echo "REPORT getty=$(systemctl is-active serial-getty@ttyS0.service)"
echo "REPORT failed=$(systemctl list-units --failed --no-legend --plain | awk '{ print $1 }' | tr '\n' ' ')"
echo "REPORT pid1=$(cat /proc/1/comm) dev=$(findmnt -no FSTYPE /dev)"
echo REPORT-END
systemctl poweroff
EOS
chmod 755 "$D/usr/local/sbin/rootinit-report"
cat >"$D/etc/systemd/system/rootinit-report.service" <<'EOS'
[Unit]
Description=rootinit test report
After=multi-user.target

[Service]
Type=simple
ExecStart=/usr/local/sbin/rootinit-report
StandardOutput=journal+console

[Install]
WantedBy=multi-user.target
EOS
ln -s /etc/systemd/system/rootinit-report.service \
	"$D/etc/systemd/system/multi-user.target.wants/rootinit-report.service"
echo debian >"$D/etc/hostname"
echo '/dev/vda / ext4 rw 0 1' >"$D/etc/fstab"
sed -i 's/^root:[^:]*:/root::/' "$D/etc/shadow"
rm -f "$IMG.tmp"
mke2fs -q -t ext4 -d "$D" "$IMG.tmp" 1G >&2	# it says "Creating regular file" on stdout
rm -rf "$D"
mv "$IMG.tmp" "$IMG"
echo "$IMG"
