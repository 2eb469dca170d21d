#!/usr/bin/env bash
# Packaging CI (issue 8): the wheel in a fresh venv and the PyInstaller bundle each pass
# `--selftest` offscreen; the desktop files validate; no library in the bundle is unresolved;
# the bundle's calendar and mail accounts work against real servers (tests/packaging/test_bundle.py).
# Needs the system packages of .ci/run (Qt's libraries, binutils, desktop-file-utils,
# appstream, python3-venv) and PyPI access for the fresh venv. About 2-3 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

export QT_QPA_PLATFORM=offscreen
tmp="$(mktemp -d -t followup-packaging-XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
step() { printf '\n== %s\n' "$*"; }

step "desktop entry and AppStream metadata"
desktop-file-validate resources/org.followup.Followup.desktop
appstreamcli validate --no-net resources/org.followup.Followup.metainfo.xml

step "wheel (python -m build --wheel)"
make -s setup
rm -rf dist/followup_desktop-*.whl
make -s wheel
wheel="$(ls dist/followup_desktop-*.whl)"
python3 - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
for need in ("followup_desktop/templates/thank-you.txt.j2",
             "followup_desktop/resources/org.followup.Followup.desktop",
             "followup_desktop/resources/icons/hicolor/512x512/apps/org.followup.Followup.png"):
    if need not in names:
        sys.exit(f"the wheel lacks {need}")
print(f"{sys.argv[1]}: {len(names)} files")
PY

step "wheel in a fresh venv: followup-desktop --selftest"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
(cd "$tmp" && HOME="$tmp/home" "$tmp/venv/bin/followup-desktop" --data-dir "$tmp/wheel-data" --selftest)

step "bundle (make bundle)"
make -s bundle
bundle=dist/followup/followup

step "bundle: unresolved shared libraries"
# Every library a bundled binary links to must resolve (from the bundle first, as at run
# time). GL, EGL, DRM and Wayland-EGL come from the target system's graphics stack
# (PyInstaller never bundles them) and may be absent on a headless build machine.
SYSTEM_GL='lib(GL|EGL|GLX|OpenGL|GLdispatch|wayland-egl|drm|gbm|vulkan)\.so'
missing="$(LD_LIBRARY_PATH="$PWD/dist/followup/_internal:$PWD/dist/followup/_internal/PySide6/Qt/lib" \
  find dist/followup -name '*.so*' -type f -exec ldd {} + 2>/dev/null \
  | grep 'not found' | grep -Ev "$SYSTEM_GL" | sort -u || true)"
if [ -n "$missing" ]; then
  echo "unresolved libraries in the bundle:"; echo "$missing"; exit 1
fi
echo "none"

step "bundle: followup --selftest (empty environment: no venv, no PYTHONPATH)"
env -i HOME="$tmp/home" PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen LANG=C.UTF-8 \
  "$bundle" --data-dir "$tmp/bundle-data" --selftest

step "bundle: the calendar and mail accounts for real (Radicale, Dovecot, GNOME Keyring)"
FOLLOWUP_BUNDLE="$PWD/dist/followup" .venv/bin/python -m pytest -q -p no:cacheprovider \
  tests/packaging/test_bundle.py

step "bundle: command line"
"$bundle" --version
"$bundle" --data-dir "$tmp/cli-data" demo >/dev/null
"$bundle" --data-dir "$tmp/cli-data" agenda --json >/dev/null

du -sh dist/followup
echo "packaging: ok"
