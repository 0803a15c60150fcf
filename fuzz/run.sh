#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (default 20 s each).
# cargo-fuzz needs unstable rustc flags: RUSTC_BOOTSTRAP=1 lets the stable
# toolchain accept them; no sanitizer (that would need a nightly std).
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-20}"
fixtures=../tests/fixtures
for target in analyze features edits example_blocks; do
  mkdir -p "corpus/$target"
  # Real agent files (the seeds, Claude Code's conformance files) as the
  # starting inputs of the targets that read a file; the edit scripts start empty.
  seeds=()
  if [ "$target" != edits ]; then
    seeds=("$fixtures/seeds" "$fixtures"/conformance/claude-code-2.1.330/round*-agents)
  fi
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$target" --sanitizer none "corpus/$target" "${seeds[@]}" -- \
    -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 2>&1 | grep -a -E "^(stat::number_of_executed_units|Done|==|SUMMARY|thread)" || true
  # cargo fuzz exits non-zero on a crash; `grep || true` would hide it, so check the artifacts.
  if compgen -G "artifacts/$target/crash-*" > /dev/null; then
    echo "fuzz target $target crashed: see fuzz/artifacts/$target" >&2
    exit 1
  fi
done
