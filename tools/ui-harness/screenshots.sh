#!/usr/bin/env bash
# DEV HARNESS ONLY: screenshots of every screen (light and dark) at 800×600 with headless Debian
# chromium and the fake backend. Usage: tools/ui-harness/screenshots.sh [OUT_DIR]   (needs: chromium, python3)
set -euo pipefail
out=${1:-/tmp/latchkey-shots}
mkdir -p "$out"
cd "$(dirname "$0")/../.."
port=8765
python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
server=$!
trap 'kill "$server"' EXIT
sleep 1
for scenario in sign-in sign-in-error register register-errors register-mismatch verify verify-queued verify-wrong forgot reset home home-keyring mailbox settings; do
  for scheme in light dark; do
    profile=$(mktemp -d)
    flags=()
    [ "$scheme" = dark ] && flags=(--force-dark-mode --blink-settings=preferredColorScheme=0)
    timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
      --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
      --user-data-dir="$profile" "${flags[@]}" --window-size=800,600 --virtual-time-budget=4000 \
      --screenshot="$out/$scenario-$scheme.png" \
      "http://127.0.0.1:$port/tools/ui-harness/index.html?scenario=$scenario" >/dev/null 2>&1
    rm -rf "$profile"
  done
done
echo "screenshots in $out"
