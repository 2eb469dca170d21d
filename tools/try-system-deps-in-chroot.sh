#!/usr/bin/env bash
# Try tools/system-deps.sh on a minimal Debian 12 (debootstrap --variant=minbase), as root,
# as a user with password-less sudo and as a user without it, then render the window on
# Xvfb through Qt's xcb plugin with only what the script installed. Needs root and the
# network; about 5 minutes and 1 GB in CHROOT. Not part of `make test`.
#
#   sudo tools/try-system-deps-in-chroot.sh [CHROOT]   (default /tmp/followup-chroot)
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
C="${1:-/tmp/followup-chroot}"
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap
[ -x "$C/bin/bash" ] || debootstrap --variant=minbase bookworm "$C" http://deb.debian.org/debian
cp /etc/resolv.conf "$C/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$C/usr/sbin/policy-rc.d"; chmod +x "$C/usr/sbin/policy-rc.d"
mountpoint -q "$C/proc" || mount -t proc proc "$C/proc"
mkdir -p "$C$REPO"; mountpoint -q "$C$REPO" || mount --bind "$REPO" "$C$REPO"
trap 'umount "$C$REPO" "$C/proc" 2>/dev/null || true' EXIT
inside() { chroot "$C" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root bash -c "$1"; }
inside "id -u carol >/dev/null 2>&1 || useradd -m carol"
echo "== root: installs what is missing"; inside "$REPO/tools/system-deps.sh"
echo "== again: silent"; inside "$REPO/tools/system-deps.sh"
echo "== one package removed, a user without sudo: prints the one command, fails"
inside "apt-get install -y -qq sudo >/dev/null; rm -f /etc/sudoers.d/carol
        apt-get remove -y -qq mblaze >/dev/null
        if su carol -c '$REPO/tools/system-deps.sh'; then exit 1; fi"
echo "== the same user with password-less sudo: installs it through sudo"
inside "echo 'carol ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/carol
        su carol -c '$REPO/tools/system-deps.sh'
        dpkg-query -W -f='\${Status}\n' mblaze | grep -qx 'install ok installed'"
echo "== the window on Xvfb through the xcb plugin"
SITE="$(ls -d "$REPO"/.venv/lib/python3.*/site-packages)"
inside "cd /tmp && export PYTHONPATH=$REPO:$SITE HOME=/tmp && rm -rf /tmp/fd &&
    python3 -m followup_desktop --data-dir /tmp/fd demo &&
    QT_QPA_PLATFORM=xcb xvfb-run -a python3 -m followup_desktop --data-dir /tmp/fd \
      --screenshot /tmp/followup-xcb.png && ls -l /tmp/followup-xcb.png"
echo "ok: look at $C/tmp/followup-xcb.png"
