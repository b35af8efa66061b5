#!/usr/bin/env bash
# Prove a built bundle holds everything it needs, using only the bundled program:
#
#   packaging/pyinstaller/smoke.sh build/bundle/safeguard-desktop
#
# 1. --version prints the version in safeguard_desktop/__init__.py (the one place it lives);
# 2. `demo` makes a demo vault: SQLCipher, Argon2id, pydantic, the migrations and the
#    resources (body map, threshold guide, screening pack) all load;
# 3. `check` re-opens it, verifies every page and re-walks the audit chain;
# 4. the window starts offscreen (QT_QPA_PLATFORM=offscreen), shows the unlock window,
#    unlocks the demo vault and draws the main window over its child list (the hidden hook
#    SAFEGUARD_SMOKE_EXIT_AFTER_MS in safeguard_desktop/gui/smoke.py reports and leaves);
# 5. `referral export` signs the demo's referral into a packet (CMS, reportlab PDFs with the
#    bundled fonts) and `verify` checks it: cryptography works inside the bundle.
# Nothing touches the real per-user folders: everything lives in a temporary directory.
set -euo pipefail
bundle="${1:?usage: smoke.sh BUNDLE_DIR (e.g. build/bundle/safeguard-desktop)}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
app="$(cd "$bundle" && pwd)/safeguard-desktop"
[ -x "$app" ] || { echo "smoke: no program at $app" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SAFEGUARD_DATA_DIR="$work/data"
export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" HOME="$work/home"
mkdir -p "$HOME"
# Run from elsewhere, so nothing can be picked up from the source checkout by accident.
cd "$work"
passed=0
failed=0
step() {
  # step NAME: record the outcome of the check just made ($? of the caller's test).
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "smoke: ok   - $1"
  else
    failed=$((failed + 1))
    echo "smoke: FAIL - $1"
  fi
}
# A checked run: its output goes to a log shown when something fails.
run() {
  local name="$1"
  shift
  local status=0
  "$@" >"$work/$name.log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    echo "smoke: '$*' exited $status:" >&2
    sed 's/^/    /' "$work/$name.log" >&2
  fi
  return "$status"
}

# 1. The version
want="$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$root/safeguard_desktop/__init__.py")"
got="$("$app" --version 2>&1 || true)"
[ -n "$want" ] && [ "$got" = "safeguard-desktop $want" ]
step "--version prints 'safeguard-desktop $want' (got '$got')" $?

# 2. A demo vault. Ten children (the smallest demo that holds a complete draft referral), and the
# governance demo's two former pupils.
vault="$work/demo.vault"
export SAFEGUARD_PASSPHRASE="bundle smoke passphrase"  # made up, for this throwaway vault
ok=0
run demo "$app" demo "$vault" --children 10 && grep -q "Made a DEMO vault" "$work/demo.log" || ok=$?
step "demo makes a vault ($(head -c 120 "$work/demo.log" 2>/dev/null | head -1)...)" $ok

# 3. check
ok=0
run check "$app" check "$vault" && grep -q ": sound\." "$work/check.log" || ok=$?
step "check finds the vault sound" $ok

# 4. The window, offscreen: unlock window, then the main window with its child list
ok=0
# Qt would otherwise look for an X server or a Wayland compositor; the timeout is a backstop
# for a window that never appears (the hook gives up on a failed unlock after a minute).
QT_QPA_PLATFORM=offscreen SAFEGUARD_SMOKE_EXIT_AFTER_MS=500 run gui timeout 180 "$app" --vault "$vault" || ok=$?
grep -q "^window shown: Unlock" "$work/gui.log" || ok=1
grep -q "^main window shown: DEMO — .*demo.vault; child list: 12 children$" "$work/gui.log" || ok=1
grep -q "^main window drawn: [1-9][0-9]*x[1-9][0-9]*, null=False$" "$work/gui.log" || ok=1
[ "$ok" -eq 0 ] || sed 's/^/    /' "$work/gui.log" >&2
step "the window unlocks the demo vault offscreen and draws its child list ($(grep '^main window shown' "$work/gui.log" | head -1))" $ok

# 5. A signed referral packet, exported and verified by the bundle
ok=0
referral="$("$app" referral list "$vault" 2>"$work/list.log" | head -1 | cut -d' ' -f1)" || ok=$?
mkdir -p "$work/out"
if [ "$ok" -eq 0 ] && [ -n "$referral" ]; then
  run export "$app" referral export "$vault" "$referral" --out "$work/out" || ok=$?
  packet="$(find "$work/out" -name '*.zip' | head -1)"
  if [ "$ok" -eq 0 ] && [ -n "$packet" ]; then
    run verify "$app" verify "$packet" || ok=$?
  else
    ok=1
  fi
else
  echo "smoke: the demo vault lists no referral" >&2
  ok=1
fi
step "referral export signs a packet and verify accepts it" $ok

# The plain closing line CI reads (the README's pytest run prints its own before this).
echo "smoke: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
