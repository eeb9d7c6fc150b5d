# Shared by run.sh and test.sh: install what Latchkey needs on Debian 12, only what is missing.
# Source it; it defines functions and changes nothing by itself.

# libsqlite3-dev: the store links the system's SQLite on Linux; libclang-dev: sqlx generates
# its bindings to that library's header at build time (bindgen). libclang-dev is ~290 MB
# installed; bindgen needs only libclang1 and clang's own headers (libclang-common-14-dev,
# ~50 MB together, checked), but those names carry Debian 12's LLVM version.
LATCHKEY_BUILD_PACKAGES=(build-essential pkg-config libwebkit2gtk-4.1-dev libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev libsqlite3-dev libclang-dev file curl)
LATCHKEY_RUNTIME_PACKAGES=(gnome-keyring dbus-x11)
LATCHKEY_TEST_PACKAGES=(xvfb xauth webkit2gtk-driver python3-venv openssl libsecret-tools postgresql)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure_apt_packages PKG... : installs the packages that are not installed yet.
ensure_apt_packages() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "==> installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# ensure_rust : cargo must be there (rustup); we do not install a toolchain behind your back.
ensure_rust() {
  if ! command -v cargo >/dev/null; then
    echo "error: cargo not found. Install Rust (https://rustup.rs, 1.94 or newer) and retry." >&2
    exit 1
  fi
}

# ensure_ui_tools : Node and the repository's npm devDependencies (esbuild bundles the page in
# src-tauri/build.rs; jsdom and Fluent for the UI tests), reinstalled only when the lock changed.
ensure_ui_tools() {
  command -v npm >/dev/null || ensure_apt_packages nodejs npm
  local stamp="$LATCHKEY_ROOT/node_modules/.latchkey-lock"
  if ! cmp -s "$LATCHKEY_ROOT/package-lock.json" "$stamp"; then
    echo "==> installing the UI's build and test tools (npm ci)"
    (cd "$LATCHKEY_ROOT" && npm ci --no-audit --no-fund --silent)
    cp "$LATCHKEY_ROOT/package-lock.json" "$stamp"
  fi
}

# ensure_tauri_driver : the WebDriver bridge for Tauri apps.
ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null; then
    echo "==> installing tauri-driver (cargo install, ~1 min)"
    cargo install tauri-driver --locked --quiet
  fi
}

# ensure_python_venv DIR : a venv with the E2E and SMTP test tools.
ensure_python_venv() {
  local venv="$1"
  local stamp="$venv/.latchkey-requirements"
  local req="$LATCHKEY_ROOT/tests/requirements.txt"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  if ! cmp -s "$req" "$stamp"; then
    echo "==> installing Python test tools into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$req"
    cp "$req" "$stamp"
  fi
}
