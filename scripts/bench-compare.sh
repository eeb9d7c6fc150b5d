#!/usr/bin/env bash
# Latchkey against a bare Tauri 2 window: builds both in release (same profile), then prints
# launch -> usable sign-in form, launch -> Home with a remembered session, PSS memory and the
# binary sizes, with the ratios, from alternating runs (scripts/bench-compare.py), plus the
# section sizes of both binaries. Usage: scripts/bench-compare.sh [--runs N]
# A benchmark, not a test: nothing here fails on a figure.
set -euo pipefail
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LATCHKEY_ROOT
cd "$LATCHKEY_ROOT"
source scripts/deps.sh
ensure_rust
ensure_apt_packages "${LATCHKEY_BUILD_PACKAGES[@]}" "${LATCHKEY_RUNTIME_PACKAGES[@]}" "${LATCHKEY_TEST_PACKAGES[@]}" binutils
ensure_tauri_driver
VENV="$LATCHKEY_ROOT/target/test-venv"
ensure_python_venv "$VENV"

target_dir="${CARGO_TARGET_DIR:-$LATCHKEY_ROOT/target}"
echo "==> release builds (Latchkey, bare window)"
cargo build --release -p latchkey-app --bin latchkey --locked
# Same target dir: the two share every dependency built with the same features.
cargo build --release --manifest-path benches/bare-window/Cargo.toml --target-dir "$target_dir"

latchkey="$target_dir/release/latchkey"
bare="$target_dir/release/bare-window"
echo "==> where the bytes are (size -A, sections over 100 kB)"
for bin in "$latchkey" "$bare"; do
  echo "$bin:"
  size -A "$bin" | awk '$2 > 100000 { printf "  %-20s %10d\n", $1, $2 }'
done

tests/e2e/with-desktop.sh "$VENV/bin/python" scripts/bench-compare.py --latchkey "$latchkey" --bare "$bare" "$@"
