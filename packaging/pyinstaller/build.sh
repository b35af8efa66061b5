#!/usr/bin/env bash
# Build the one-folder bundle into build/bundle/safeguard-desktop/ (run from anywhere).
#
#   packaging/pyinstaller/build.sh            # makes build/bundle-venv: the app + PyInstaller
#   PYTHON=.venv/bin/python packaging/pyinstaller/build.sh   # reuse a venv that has the app
#
# Either way PyInstaller comes from packaging/requirements-bundle.txt. The bundle holds the
# Python, Qt and libraries it was built with, for the platform it was built on: build on
# Windows for Windows, on macOS for macOS (.github/workflows does both on hosted runners).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

if [ -n "${PYTHON:-}" ]; then
  python="$PYTHON"
else
  venv="$root/build/bundle-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  # Not editable: the bundle should be made from what a release installs.
  "$venv/bin/pip" install -q "$root"
  python="$venv/bin/python"
fi
"$python" -m pip install -q -r packaging/requirements-bundle.txt

started=$SECONDS
# --noconfirm: replace an earlier bundle; --clean: no stale analysis from another checkout.
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath build/bundle --workpath build/pyinstaller-work \
  packaging/pyinstaller/safeguard-desktop.spec
bundle="build/bundle/safeguard-desktop"
echo "built $bundle in $((SECONDS - started)) s: $(du -sh "$bundle" | cut -f1), $(find "$bundle" -type f | wc -l) files"
