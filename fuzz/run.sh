#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 20 s each).
# cargo-fuzz needs unstable rustc flags: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them; no sanitizer (that would need a nightly std).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
for target in analyze edits example_blocks; do
  mkdir -p "corpus/$target"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" --sanitizer none "corpus/$target" -- \
    -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 2>&1 | grep -a -E "^(stat::number_of_executed_units|Done|==|SUMMARY|thread)" || true
  # cargo fuzz exits non-zero on a crash; `grep || true` would hide it, so check the artifacts.
  if compgen -G "artifacts/$target/crash-*" > /dev/null; then
    echo "fuzz target $target crashed: see fuzz/artifacts/$target" >&2
    exit 1
  fi
done
