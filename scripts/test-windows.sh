#!/usr/bin/env bash
# Runs dist/opmt.exe under Wine and checks that every command gives what the Linux
# program gives: the same exit code and the same JSON (numbers equal to 1e-9), on the
# bundled models, on a bad file, through paths with spaces and non-ASCII names, and on a
# model saved with Windows (CRLF) line endings. Installs Wine from Debian's packages when
# it is missing.
#
#   bash scripts/test-windows.sh [LINUX_OPMT]   # default: target/debug/opmt (built if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
exe=dist/opmt.exe
[ -f "$exe" ] || { echo "no $exe: run scripts/package-windows.sh first" >&2; exit 1; }
target_dir=${CARGO_TARGET_DIR:-target}
linux=${1:-$target_dir/debug/opmt}
[ -x "$linux" ] || cargo build --locked --bin opmt

if ! command -v wine >/dev/null 2>&1; then
  echo "installing Wine"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends wine wine64
fi

# A Wine prefix of its own, so nothing of the user's is touched; no display is needed
# for the command line, and Wine's own chatter is silenced.
WINEPREFIX=$(mktemp -d)
export WINEPREFIX WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
trap 'wineserver -k >/dev/null 2>&1 || true; rm -rf "$WINEPREFIX"' EXIT
wineboot --init >/dev/null 2>&1 || true
# No display: Wine's null graphics driver, rather than trying X and waiting on it.
wine reg add 'HKCU\Software\Wine\Drivers' /v Graphics /d null /f >/dev/null 2>&1 || true
wineserver -w

# Wine before 9 has no bcryptprimitives.dll, where Rust's standard library (like every
# Windows from 8 on) gets its random numbers: give the test prefix a stand-in built from
# scripts/wine/ (see the comment there). Nothing of it goes into dist/.
wine_major=$(wine --version | sed -E 's/^wine-([0-9]+).*/\1/')
if [ "$wine_major" -lt 9 ]; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
    scripts/wine/bcryptprimitives.c scripts/wine/bcryptprimitives.def -ladvapi32
fi

python3 scripts/compare_windows.py "$linux" "$exe"

# opmt-cli.exe is the same program marked as a console program.
[ "$(wine dist/opmt-cli.exe --version)" = "$("$linux" --version)" ] || {
  echo "dist/opmt-cli.exe --version differs from the Linux program's" >&2
  exit 1
}
echo "ok   opmt-cli.exe --version"
