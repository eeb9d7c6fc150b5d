#!/usr/bin/env bash
# Builds and starts Latchkey. Installs missing Debian build packages first (asks for sudo when
# not root). `--debug` builds the debug profile; other arguments go to the app.
set -euo pipefail
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$LATCHKEY_ROOT"
source scripts/deps.sh

ensure_rust
ensure_apt_packages "${LATCHKEY_BUILD_PACKAGES[@]}" "${LATCHKEY_RUNTIME_PACKAGES[@]}"
ensure_ui_tools  # esbuild: the build bundles the page

profile=(--release)
if [ "${1:-}" = "--debug" ]; then profile=(); shift; fi

echo "==> building Latchkey"
cargo build "${profile[@]}" -p latchkey-app --bin latchkey
bin="target/$([ ${#profile[@]} -eq 0 ] && echo debug || echo release)/latchkey"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "Latchkey needs a graphical display, and none is set (DISPLAY/WAYLAND_DISPLAY are empty)." >&2
  echo "Run it from a desktop session, or try it under a virtual display: xvfb-run -a $0" >&2
  exit 2
fi
# A local demo: operator mode opens the whole dev mailbox (codes included) to whoever sits here.
# Set LATCHKEY_OPERATOR_MODE=0 to try the app as on a shared machine.
export LATCHKEY_OPERATOR_MODE="${LATCHKEY_OPERATOR_MODE:-1}"
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  # Without a session bus GTK waits ~25 s for a desktop portal; give it a private one.
  # (The OS keyring is then unreachable: Latchkey still works but cannot remember sign-ins.)
  exec dbus-run-session -- "$bin" "$@"
fi
exec "$bin" "$@"
