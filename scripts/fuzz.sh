#!/usr/bin/env bash
# Fuzzes every parser a person can reach (fuzz/fuzz_targets/): each target runs for SECONDS
# (default 10) with libFuzzer under AddressSanitizer, starting from fuzz/seeds/<target> plus
# whatever earlier runs left in fuzz/corpus/<target>. Prints the executions per target and
# exits non-zero on the first crash (the input is kept in fuzz/artifacts/<target>/; turn it
# into a regression test in crates/latchkey-core).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
# Installs what is missing: the nightly toolchain (minimal profile) and cargo-fuzz.
set -euo pipefail
LATCHKEY_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$LATCHKEY_ROOT/fuzz"

seconds="${1:-10}"
shift || true

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "==> installing the nightly toolchain (cargo-fuzz needs it)"
  rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  echo "==> installing cargo-fuzz (cargo install, ~2 min)"
  cargo install cargo-fuzz --locked --quiet
fi

# Its own target dir: sanitizer flags would otherwise invalidate the workspace's artifacts.
export CARGO_TARGET_DIR="$LATCHKEY_ROOT/fuzz/target"
cargo +nightly fuzz build -O

targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
  mapfile -t targets < <(cargo +nightly fuzz list)
fi

total=0
summary=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  log="$(mktemp)"
  if ! cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "fuzz target $target FAILED: the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  runs="${runs:-0}"
  total=$((total + runs))
  summary+=("$(printf '%-12s %12d executions in %s s' "$target" "$runs" "$seconds")")
  rm -f "$log"
done
printf '%s\n' "${summary[@]}"
echo "fuzzing: $total executions in all, no crash"
if [ "${LATCHKEY_FUZZ_CLEAN:-0}" = 1 ]; then rm -rf "$CARGO_TARGET_DIR"; fi
