#!/usr/bin/env bash
# Tests the web version (dist/web/, from scripts/build-web.sh) in headless Chromium:
# serves the folder on 127.0.0.1, opens it, and checks that the canvas draws, that the
# headline shows the same bundled saving as the native program's `compare --json`,
# that a simulation finishes in the browser, Save as, a dropped file, a long run's
# progress and Cancel with the page never frozen for long, Copy to the clipboard,
# recovery of an autosaved edit after a reload, and the page offline (see
# scripts/web/test.mjs). Prints the wasm size (raw and gzip), the time to the first
# frame, the simulation's throughput and the frame gaps (reported, not asserted, but
# for the bounds on the gaps).
# Installs Chromium from Debian's packages when /usr/bin/chromium is missing, and
# playwright-core from npm into a scratch folder outside the repository.
#
#   bash scripts/test-web.sh [LINUX_OPMT]   # default: target/debug/opmt (built if missing)
#
# OPMT_WEB_SHOT=PATH keeps the screenshot there (default: a temporary file).
set -euo pipefail
cd "$(dirname "$0")/.."
web=dist/web
[ -f "$web/opmt_bg.wasm" ] || { echo "no $web/opmt_bg.wasm: run scripts/build-web.sh first" >&2; exit 1; }
target_dir=${CARGO_TARGET_DIR:-target}
linux=${1:-$target_dir/debug/opmt}
[ -x "$linux" ] || cargo build --locked --bin opmt

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Chromium"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium
fi
command -v node >/dev/null 2>&1 || {
  echo "installing Node.js"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends nodejs npm
}
playwright_version=1.65.2
scratch=${OPMT_PLAYWRIGHT_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/opmt-web-test}
if [ "$(node -p "require('$scratch/node_modules/playwright-core/package.json').version" 2>/dev/null)" != "$playwright_version" ]; then
  echo "installing playwright-core $playwright_version into $scratch"
  mkdir -p "$scratch"
  (cd "$scratch" && npm install --no-save --no-package-lock --no-audit --no-fund \
    "playwright-core@$playwright_version")
fi

tmp=$(mktemp -d)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The app opens the current process "as implemented" against best practice.
"$linux" compare models/current-ers-as-implemented.ron models/best-practice-ers.ron --json >"$tmp/expected.json"

raw=$(wc -c <"$web/opmt_bg.wasm")
gz=$(gzip -9 -c "$web/opmt_bg.wasm" | wc -c)
awk -v r="$raw" -v g="$gz" 'BEGIN { printf "wasm: %d bytes raw (%.1f MB), %d bytes gzip -9 (%.1f MB)\n", r, r / 1e6, g, g / 1e6 }'

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$web" "$port" >"$tmp/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done

shot=${OPMT_WEB_SHOT:-$tmp/web-chromium.png}
OPMT_PLAYWRIGHT_DIR=$scratch node scripts/web/test.mjs "http://127.0.0.1:$port/" "$tmp/expected.json" "$shot"
