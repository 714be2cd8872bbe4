#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs the system packages that
# software rendering needs (for the UI tests and snapshots) and LibreOffice (to work
# out the exported workbook's formulas), then runs rustfmt,
# clippy with warnings as errors, every test (one of them drives the real app under
# Xvfb with openbox and xdotool), a short run of each fuzz target where the nightly
# toolchain and cargo-fuzz are installed, a web type-check and the web version (built,
# then tested in headless Chromium) where that target can be installed, and the
# Windows program (built, then compared with the Linux one under Wine) where the
# Windows target can be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step says when it started, so a slow CI run shows where its minutes went.
step() { echo "== $* (at $SECONDS s)"; }
# A fresh CI build gains nothing from incremental compilation, which only adds work.
[ -n "${CI:-}" ] && export CARGO_INCREMENTAL=0

packages=(libegl1 libegl-mesa0 libgl1 libglx-mesa0 libgl1-mesa-dri libgbm1 libvulkan1
  mesa-vulkan-drivers libx11-6 libx11-xcb1 libxcursor1 libxrandr2 libxi6 libxkbcommon0
  libxkbcommon-x11-0 libfontconfig1 xvfb xauth openbox xdotool)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# LibreOffice works out the exported workbook's formulas in tests/logic/appraisal.rs.
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  step "installing: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Quiet the harmless probing errors of Vulkan loaders without a runtime dir.
if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d)
  chmod 700 "$XDG_RUNTIME_DIR"
  export XDG_RUNTIME_DIR
fi

step "rustfmt"
cargo fmt --all -- --check
step "clippy"
cargo clippy --all-targets --locked -- -D warnings
step "pure core has no UI dependency (every module but app, ui, cli, main and the platform's file dialogs)"
core_files=$(find src -name '*.rs' -not -path 'src/app/*' -not -path 'src/ui/*' -not -name cli.rs -not -name main.rs -not -name lib.rs \
  -not -path 'src/platform/native/dialogs.rs' -not -path 'src/platform/web/*')
# shellcheck disable=SC2086
if grep -nE '\b(egui|eframe|egui_plot|egui_extras|egui_file|rfd)::|use (egui|eframe|egui_plot|egui_extras|egui_file|rfd)\b' $core_files; then
  echo "the pure core must not use a UI crate" >&2
  exit 1
fi
step "no UI crate in the build without the ui feature"
if cargo tree --locked --no-default-features -e normal | grep -qE '\b(egui|eframe|rfd|wgpu|winit) v'; then
  echo "a UI crate is built without the ui feature" >&2
  exit 1
fi
step "tests"
cargo test --all-targets --locked
cargo test --doc --locked
# This builds the library and the program without the ui feature as well.
step "core tests without the ui feature"
cargo test --locked --no-default-features --lib --test logic

step "fuzzing, 30 s a target (see fuzz/README.md)"
# Look before using nightly: `cargo +nightly` may install it, which takes minutes.
if rustup toolchain list 2>/dev/null | grep -q '^nightly' && cargo fuzz --version >/dev/null 2>&1; then
  # The model target takes inputs up to 1 MiB, so it can find blow-ups that need size;
  # the import target reads CSV and workbook bytes, with seeds of its own.
  for target in load_analyse:1048576:seeds:-dict=ron.dict simulate:4096:seeds:-dict=ron.dict \
    import:65536:seeds-import:-print_final_stats=1; do
    IFS=: read -r name max_len seeds extra <<<"$target"
    mkdir -p "fuzz/corpus/$name"
    (cd fuzz && cargo +nightly fuzz run --debug-assertions "$name" "corpus/$name" "$seeds" -- \
      "$extra" -max_len="$max_len" -max_total_time=30 -rss_limit_mb=512 -timeout=2 \
      -print_final_stats=1)
  done
else
  echo "skipped: fuzzing needs the nightly toolchain and cargo-fuzz, which this machine lacks"
  echo "  (rustup toolchain install nightly --profile minimal && cargo install cargo-fuzz)"
fi

step "web type-check (wasm32-unknown-unknown)"
# The library, app included, builds for the browser: the platform layer keeps
# std::fs, threads and the standard clock out of it (tests/logic/architecture.rs).
if timeout 120 rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
  cargo check --locked --lib --target wasm32-unknown-unknown
  cargo check --locked --lib --no-default-features --target wasm32-unknown-unknown
else
  echo "skipped: the wasm32-unknown-unknown target cannot be installed on this machine"
fi

step "web: dist/web built, then tested in headless Chromium"
# One release build for the browser (scripts/build-web.sh; it installs wasm-bindgen-cli
# at the version Cargo.lock names), then the page in headless Chromium against the Linux
# program the tests built (scripts/test-web.sh installs Chromium and playwright-core).
if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown &&
  { command -v node >/dev/null 2>&1 || command -v apt-get >/dev/null 2>&1; }; then
  bash scripts/build-web.sh
  bash scripts/test-web.sh "${CARGO_TARGET_DIR:-target}/debug/opmt"
else
  echo "skipped: the web test needs the wasm32-unknown-unknown target and Node.js (or apt to install it)"
fi

step "Windows: dist/opmt.exe, then the same commands under Wine as on Linux"
# The release build for Windows is the one slow extra (about ten minutes on two cores
# from nothing); the Wine comparison reuses the Linux program the tests built.
if timeout 120 rustup target add x86_64-pc-windows-gnu >/dev/null 2>&1; then
  bash scripts/package-windows.sh
  bash scripts/test-windows.sh "${CARGO_TARGET_DIR:-target}/debug/opmt"
else
  echo "skipped: the x86_64-pc-windows-gnu target cannot be installed on this machine"
fi
step "all passed"
