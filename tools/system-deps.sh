#!/usr/bin/env bash
# The Debian packages Followup needs, in ONE list: `make run`, `make test` and `.ci/run` all
# call this. It asks dpkg-query what is missing and installs it — with apt-get as root, else
# through sudo when that needs no password, else it prints the one command to run and fails.
# When everything is there it does nothing, quickly and silently.
#
#   tools/system-deps.sh           install what is missing
#   tools/system-deps.sh --check   only say what is missing (exit 1 when something is)
#   tools/system-deps.sh --list    print the list, one package a line
#
# FOLLOWUP_SYSTEM_DEPS=skip skips it (another distribution, or a machine set up by hand).
set -euo pipefail

PACKAGES=(
  # Python and the developer commands
  python3 python3-venv make
  # the window: Qt 6's xcb platform plugin and every library it loads (a minimal Debian has
  # none of them), OpenGL/EGL, fontconfig with one font, the session bus library
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 fonts-dejavu-core libdbus-1-3
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0
  libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon0 libxkbcommon-x11-0
  # the tests: a virtual X server, a session bus, a notification server and a tray host
  xvfb xauth dbus dbus-x11 dunst haskell-status-notifier-item-utils
  # ... drafts read back by mblaze, PDF text, the desktop-file and AppStream validators,
  # objdump for PyInstaller
  mblaze poppler-utils desktop-file-utils appstream binutils
  # ... the mail account: a real IMAP server and a real keyring
  dovecot-imapd gnome-keyring libsecret-tools
)

case "${1:-}" in
  --list) printf '%s\n' "${PACKAGES[@]}"; exit 0 ;;
  --check|"") ;;
  *) echo "usage: $0 [--check|--list]" >&2; exit 2 ;;
esac

if [ "${FOLLOWUP_SYSTEM_DEPS:-}" = "skip" ]; then
  exit 0
fi
if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian system (no dpkg-query); install the equivalents of:" >&2
  echo "  ${PACKAGES[*]}" >&2
  echo "system-deps: then set FOLLOWUP_SYSTEM_DEPS=skip to silence this." >&2
  exit 0
fi

# One dpkg-query for the whole list. A package it has never heard of is not printed (and
# makes it exit 1, which is no error here).
installed=" $( { dpkg-query -W -f='${Package}=${Status}\n' "${PACKAGES[@]}" 2>/dev/null || true; } \
  | sed -n 's/=install ok installed$//p' | tr '\n' ' ') "
missing=()
for p in "${PACKAGES[@]}"; do
  case "$installed" in *" $p "*) ;; *) missing+=("$p") ;; esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "${1:-}" = "--check" ]; then
  echo "system-deps: missing: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  echo "system-deps: Followup needs these Debian packages: ${missing[*]}" >&2
  echo "system-deps: install them with this one command, then run make again:" >&2
  echo "  sudo apt-get update && sudo $command" >&2
  exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
