#!/usr/bin/env bash
# Fuzzes every parser a user can reach (fuzz/, issue 24 finding 10):
#   scripts/fuzz.sh [SECONDS] [TARGET...]
# Each target runs SECONDS (600 by default) under libFuzzer with the
# address sanitizer, starting from its seeds (fuzz/seeds/<target>, kept in
# git) and the corpus it grew before (fuzz/corpus/<target>, not kept).
# A crash or a broken promise leaves its input in fuzz/artifacts/<target>/
# and makes the script fail; copy that input into the seeds when it is
# fixed, so that `cargo test --lib` in fuzz/ (part of scripts/test.sh)
# keeps checking it. Installs the nightly toolchain and cargo-fuzz if they
# are missing. Writes one line per target to fuzz/last-run.txt.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
SECONDS_EACH=${1:-600}
shift || true
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || mapfile -t TARGETS < <(cargo +nightly fuzz list)
cargo +nightly fuzz build
: > last-run.txt
failed=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t"
  log=$(mktemp)
  if cargo +nightly fuzz run "$t" "corpus/$t" "seeds/$t" -- \
      -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 >"$log" 2>&1; then
    verdict=ok
  else
    verdict=FAILED
    failed=1
    tail -40 "$log"
  fi
  runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo '?')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+' || echo '?')
  line="$(date -u +%FT%TZ) $t: $verdict, ${SECONDS_EACH}s, $runs runs, coverage $cov, corpus $(ls "corpus/$t" | wc -l)"
  echo "$line" | tee -a last-run.txt
  rm -f "$log"
done
exit $failed
