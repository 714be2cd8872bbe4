#!/usr/bin/env bash
# Builds the web version into dist/web/: the app compiled for wasm32-unknown-unknown,
# bound for the browser by wasm-bindgen, shrunk by wasm-opt where it is installed,
# with the page, its service worker (offline once loaded) and its manifest. The folder
# works from any plain static web server.
#
#   bash scripts/build-web.sh
#
# wasm-bindgen-cli is installed from crates.io (cargo install) at exactly the version
# of the wasm-bindgen crate in Cargo.lock, unless that version is already on PATH; the
# two must match. wasm-opt (from binaryen: apt `binaryen` or npm `binaryen`) is used
# only when it is on PATH: it saves about a fifth of the size, the app works without.
set -euo pipefail
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
out=dist/web

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$version" ] || { echo "no wasm-bindgen in Cargo.lock" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "== installing wasm-bindgen-cli $version"
  # --locked takes the versions the release was tested with; a registry mirror that
  # lacks one of them is retried with the newest compatible versions.
  cargo install --locked wasm-bindgen-cli --version "$version" ||
    cargo install wasm-bindgen-cli --version "$version"
fi
rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true

echo "== cargo build (release, wasm32-unknown-unknown)"
# The library is built as a cdylib for the browser here only, so the desktop build and
# the tests keep linking the plain rlib.
cargo rustc --locked --release --lib --target wasm32-unknown-unknown --crate-type cdylib
wasm="$target_dir/wasm32-unknown-unknown/release/opmt.wasm"

rm -rf "$out"
mkdir -p "$out"
echo "== wasm-bindgen --target web"
wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name opmt "$wasm"
if command -v wasm-opt >/dev/null 2>&1; then
  echo "== wasm-opt -Oz"
  # The features rustc's wasm32 target emits by default, so wasm-opt reads them. An old
  # wasm-opt that cannot read the module leaves it as it was.
  if wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    -o "$out/opmt_bg.opt.wasm" "$out/opmt_bg.wasm"; then
    mv "$out/opmt_bg.opt.wasm" "$out/opmt_bg.wasm"
  else
    rm -f "$out/opmt_bg.opt.wasm"
    echo "   (wasm-opt failed: the wasm is left as wasm-bindgen wrote it)"
  fi
else
  echo "   (wasm-opt not found: the wasm is left as wasm-bindgen wrote it)"
fi

cp web/index.html web/manifest.webmanifest "$out/"
cp assets/icon.png "$out/icon.png"
# The service worker's cache is named after this build's files, so a new build
# replaces what browsers keep.
build=$(cat "$out/opmt_bg.wasm" "$out/opmt.js" web/index.html | sha256sum | cut -c1-16)
sed "s/__OPMT_BUILD__/$build/" web/sw.js >"$out/sw.js"

raw=$(wc -c <"$out/opmt_bg.wasm")
gz=$(gzip -9 -c "$out/opmt_bg.wasm" | wc -c)
echo "== $out: build $build; opmt_bg.wasm $raw bytes raw, $gz bytes gzip -9"
