#!/usr/bin/env bash
# Builds the Debian package of Latchkey with the Tauri bundler (release build, then
# `tauri bundle --bundles deb` with packaging/deb.conf.json merged into tauri.conf.json) and
# prints the path of the .deb: <target dir>/release/bundle/deb/Latchkey_<version>_<arch>.deb.
# The package installs /usr/bin/latchkey, a desktop entry and the icons, and depends on
# WebKitGTK 4.1 and GTK 3 (added by the bundler) and a Secret Service provider (gnome-keyring,
# KeePassXC or KWallet; packaging/deb.conf.json).
set -euo pipefail
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export LATCHKEY_ROOT
cd "$LATCHKEY_ROOT"
source scripts/deps.sh

# The npm package ships a prebuilt CLI binary (cargo install tauri-cli takes ~11 min).
TAURI_CLI_VERSION=2.12.5

ensure_rust
ensure_apt_packages "${LATCHKEY_BUILD_PACKAGES[@]}" dpkg-dev
ensure_ui_tools  # esbuild: the build bundles the page

echo "==> building the release binary"
cargo build --release -p latchkey-app --bin latchkey --locked

echo "==> bundling the .deb (Tauri CLI $TAURI_CLI_VERSION)"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
rm -rf "$target_dir/release/bundle/deb"
# Run from the app crate: the CLI finds the (symlinked) config and the cargo package there.
(cd src-tauri && npx --yes "@tauri-apps/cli@$TAURI_CLI_VERSION" bundle --ci --bundles deb \
  --config ../packaging/deb.conf.json)
deb="$(ls "$target_dir"/release/bundle/deb/*.deb)"
echo "$deb"
