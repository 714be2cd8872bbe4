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
# Debug symbols of the standard library are of no use to a user: strip them.
x86_64-w64-mingw32-strip -o dist/opmt.exe "$target_dir/$target/release/opmt.exe"
# opmt-cli.exe: the same program marked as a console program, for scripts (a prompt
# waits for it and keeps its exit code). Only the subsystem field of the PE header
# differs: 2 (windowed) in opmt.exe, 3 (console) here.
python3 - <<'PY'
import struct
exe = bytearray(open("dist/opmt.exe", "rb").read())
pe = struct.unpack_from("<I", exe, 0x3C)[0]
assert exe[pe:pe + 4] == b"PE\0\0", "not a PE file"
subsystem = pe + 4 + 20 + 68  # signature, COFF header, then the optional header's field
assert struct.unpack_from("<H", exe, subsystem)[0] == 2, "opmt.exe is not a windowed program"
struct.pack_into("<H", exe, subsystem, 3)
open("dist/opmt-cli.exe", "wb").write(exe)
PY
for f in dist/opmt.exe dist/opmt-cli.exe; do
  echo "$f: $(du -h "$f" | cut -f1) ($(stat -c %s "$f") bytes)"
done
