#!/usr/bin/env bash
# Runs every Latchkey test: formatting, lints, Rust unit/integration tests (real SQLite files,
# a real SMTP server on 127.0.0.1), UI unit tests, and the end-to-end suite (the real app window
# through tauri-driver + WebKitWebDriver under Xvfb, a private D-Bus session and an unlocked
# gnome-keyring). Installs whatever is missing first. Exits non-zero if anything fails.
set -euo pipefail
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LATCHKEY_ROOT
cd "$LATCHKEY_ROOT"
source scripts/deps.sh

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "dependencies"
ensure_rust
ensure_apt_packages "${LATCHKEY_BUILD_PACKAGES[@]}" "${LATCHKEY_RUNTIME_PACKAGES[@]}" "${LATCHKEY_TEST_PACKAGES[@]}"
command -v npm >/dev/null || ensure_apt_packages nodejs npm
ensure_tauri_driver
VENV="$LATCHKEY_ROOT/target/test-venv"
ensure_python_venv "$VENV"
export LATCHKEY_TEST_PYTHON="$VENV/bin/python"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "UI unit tests"
npm ci --no-audit --no-fund --silent
node --test ui/tests/

step "end-to-end tests (real window, WebDriver, Xvfb, gnome-keyring)"
cargo build -p latchkey-app -p latchkey-notes-example --locked
export LATCHKEY_E2E_APP="$LATCHKEY_ROOT/target/debug/latchkey"
export LATCHKEY_E2E_NOTES_APP="$LATCHKEY_ROOT/target/debug/latchkey-notes"
export LATCHKEY_E2E_ARTIFACTS="$LATCHKEY_ROOT/target/e2e-artifacts"
rm -rf "$LATCHKEY_E2E_ARTIFACTS" && mkdir -p "$LATCHKEY_E2E_ARTIFACTS"
tests/e2e/with-desktop.sh "$VENV/bin/python" -m pytest tests/e2e -v -p no:cacheprovider "$@"

echo
echo "All Latchkey tests passed in $(( $(date +%s) - started )) s. Screenshots: target/e2e-artifacts/"
