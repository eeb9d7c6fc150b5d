#!/usr/bin/env bash
# Runs every Latchkey test: formatting, lints, Rust unit/integration tests (real SQLite files,
# a real SMTP server on 127.0.0.1; the core's suites a second time on a real PostgreSQL server,
# a private cluster from scripts/pg-test-cluster.sh), UI unit tests, and the end-to-end suite (the real app window
# through tauri-driver + WebKitWebDriver under Xvfb, a private D-Bus session and an unlocked
# gnome-keyring). Installs whatever is missing first. Exits non-zero if anything fails.
#
# `--long` (first argument) runs the long checks too: 200 crash kills instead of 20, each fuzz
# target for 5 minutes instead of 10 s, and the Debian package (scripts/package.sh) extracted
# into a scratch root and started under Xvfb. Other arguments go to pytest.
set -euo pipefail
long=0
if [ "${1:-}" = "--long" ]; then long=1; shift; fi
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LATCHKEY_ROOT
cd "$LATCHKEY_ROOT"
source scripts/deps.sh

step() { printf '\n==> %s\n' "$*"; }
started=$(date +%s)

step "dependencies"
ensure_rust
ensure_apt_packages "${LATCHKEY_BUILD_PACKAGES[@]}" "${LATCHKEY_RUNTIME_PACKAGES[@]}" "${LATCHKEY_TEST_PACKAGES[@]}"
ensure_ui_tools  # before any build of the app: its build script bundles the page with esbuild
ensure_tauri_driver
VENV="$LATCHKEY_ROOT/target/test-venv"
ensure_python_venv "$VENV"
export LATCHKEY_TEST_PYTHON="$VENV/bin/python"
rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt clippy

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "fuzzing the parsers ($([ "$long" = 1 ] && echo 300 || echo 10) s a target)"
# Before the workspace build: with LATCHKEY_FUZZ_CLEAN=1 (.ci/run sets it) the sanitizer build
# (~2.6 GB) is deleted afterwards, so it never sits on disk next to the debug build (~3.7 GB).
scripts/fuzz.sh "$([ "$long" = 1 ] && echo 300 || echo 10)"

# One build for the tests and the E2E binaries: with dev-dependencies active for both (tests
# in the same invocation), tokio & co. get one feature set (`test-util` …) and every crate is
# compiled once; a separate `cargo build` of the apps would recompile ~40 crates.
step "Rust build (tests and app binaries)"
cargo build --workspace --bins --tests --locked

step "Rust tests (SQLite; a private throwaway PostgreSQL cluster for the server-store checks)"
if [ "$long" = 1 ]; then export LATCHKEY_CRASH_KILLS=200; else export LATCHKEY_CRASH_KILLS=20; fi
eval "$(scripts/pg-test-cluster.sh start)"
trap 'scripts/pg-test-cluster.sh stop "$LATCHKEY_TEST_PG_DIR"' EXIT
cargo test --workspace --locked

step "Rust tests of the core again, on PostgreSQL (LATCHKEY_TEST_BACKEND=postgres)"
LATCHKEY_TEST_BACKEND=postgres cargo test -p latchkey-core --locked

step "UI unit tests"
node --test ui/tests/

step "end-to-end tests (real window, WebDriver, Xvfb, gnome-keyring)"
TARGET_DIR="${CARGO_TARGET_DIR:-$LATCHKEY_ROOT/target}"
export LATCHKEY_E2E_APP="$TARGET_DIR/debug/latchkey"
export LATCHKEY_E2E_NOTES_APP="$TARGET_DIR/debug/latchkey-notes"
export LATCHKEY_E2E_ARTIFACTS="$LATCHKEY_ROOT/target/e2e-artifacts"
rm -rf "$LATCHKEY_E2E_ARTIFACTS" && mkdir -p "$LATCHKEY_E2E_ARTIFACTS"
tests/e2e/with-desktop.sh "$VENV/bin/python" -m pytest tests/e2e -v -p no:cacheprovider "$@"

if [ "$long" = 1 ]; then
  step "Debian package: build, extract with dpkg -x, start the installed binary under Xvfb"
  deb="$(scripts/package.sh | tail -n 1)"
  echo "$deb: $(stat -c %s "$deb") bytes"
  depends="$(dpkg-deb -f "$deb" Depends)"
  echo "$depends"
  # The binary links WebKitGTK, the system's SQLite, and glibc's packed relocations (2.36).
  for needed in 'libwebkit2gtk-4.1-0' 'libsqlite3-0' 'libc6 (>= 2.36)'; do
    grep -qF "$needed" <<<"$depends" || { echo "the package does not depend on $needed" >&2; exit 1; }
  done
  root="$(mktemp -d)"
  dpkg -x "$deb" "$root"
  test -x "$root/usr/bin/latchkey" || { echo "no /usr/bin/latchkey in the package" >&2; exit 1; }
  ls "$root"/usr/share/applications/*.desktop "$root"/usr/share/icons/hicolor/*/apps/* >/dev/null
  # The installed binary reaches the sign-in screen (the E2E start-up test, pointed at it).
  LATCHKEY_E2E_APP="$root/usr/bin/latchkey" tests/e2e/with-desktop.sh "$VENV/bin/python" -m pytest \
    tests/e2e/test_skeleton.py -v -p no:cacheprovider -k sign_in_screen
  rm -rf "$root"
fi

echo
echo "All Latchkey tests$([ "$long" = 1 ] && echo ' (long run)') passed in $(( $(date +%s) - started )) s. Screenshots: target/e2e-artifacts/"
