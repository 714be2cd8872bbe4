#!/usr/bin/env bash
# Builds the portable Windows program, dist/opmt.exe: one file, no installer, no admin
# rights, the bundled models inside, the icon and version resource embedded (build.rs).
# Cross-compiles from Linux for x86_64-pc-windows-gnu with mingw-w64, which this script
# installs from Debian's packages (with the Rust target) when it is missing.
#
#   bash scripts/package-windows.sh        # writes dist/opmt.exe
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu

if ! command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1 || ! command -v x86_64-w64-mingw32-windres >/dev/null 2>&1; then
  echo "installing mingw-w64 (the Windows linker and resource compiler)"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64
fi
rustup target list --installed | grep -qx "$target" || rustup target add "$target"

cargo build --release --locked --target "$target" --bin opmt
target_dir=${CARGO_TARGET_DIR:-target}
mkdir -p dist
cp "$target_dir/$target/release/opmt.exe" dist/opmt.exe
echo "dist/opmt.exe: $(du -h dist/opmt.exe | cut -f1) ($(stat -c %s dist/opmt.exe) bytes)"
