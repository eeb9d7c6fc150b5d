#!/usr/bin/env bash
# Runs a command inside a throwaway desktop: a private D-Bus session bus, an unlocked
# gnome-keyring (Secret Service) with its own empty data dir, and an Xvfb display.
# Usage: tests/e2e/with-desktop.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${LATCHKEY_IN_PRIVATE_BUS:-}" ]; then
  export LATCHKEY_IN_PRIVATE_BUS=1
  exec dbus-run-session -- "$0" "$@"
fi

XDG_DATA_HOME="$(mktemp -d)"
XDG_RUNTIME_DIR="$(mktemp -d)"
chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR
# --unlock reads the new keyring's password from stdin and creates an unlocked default collection.
eval "$(printf 'latchkey-test' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL SSH_AUTH_SOCK 2>/dev/null || true
# LATCHKEY_E2E_SESSION_BUS lets a test start the app on a bus without any keyring.
export LATCHKEY_E2E_SESSION_BUS="$DBUS_SESSION_BUS_ADDRESS"
exec xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
