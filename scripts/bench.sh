#!/usr/bin/env bash
# The whole benchmark, one command:
#   scripts/bench.sh [hjoerring|denmark|all] [sqlite|postgres|both]
# For each scale and engine it generates the data into a fresh database,
# starts the server on loopback, runs `jobspor-bench bench` (framework ceiling,
# caseworker mix, storage floor at 50 and 200 users; dashboards) and writes
# docs/bench/SCALE-ENGINE.{json,md}. Installs PostgreSQL when missing.
#
# Space: hjoerring takes about 5 GB per engine, denmark about 45 GB; each
# database is removed after its run. BENCH_DIR (default /tmp/jobspor-bench)
# holds them; BENCH_SECONDS (default 20) is the measured time per phase.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SCALES=${1:-hjoerring}; ENGINES=${2:-both}
[ "$SCALES" = all ] && SCALES="hjoerring denmark"
[ "$ENGINES" = both ] && ENGINES="sqlite postgres"
BENCH_DIR=${BENCH_DIR:-/tmp/jobspor-bench}
SECONDS_PER_PHASE=${BENCH_SECONDS:-20}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
mkdir -p "$BENCH_DIR" docs/bench
PG_DIR=

cleanup() {
  [ -n "$PG_DIR" ] && "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
}
trap cleanup EXIT

if [[ " $ENGINES " == *" postgres "* ]] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends postgresql
fi

cargo build --release -p jobspor -p jobspor-bench
BIN=$CARGO_TARGET_DIR/release/jobspor-bench
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || COMMIT="$COMMIT+changes"

for scale in $SCALES; do
  for engine in $ENGINES; do
    echo "==> $scale on $engine"
    case "$engine" in
      sqlite)
        DB="$BENCH_DIR/$scale.db"
        rm -f "$DB" "$DB-wal" "$DB-shm"
        URL="sqlite://$DB"
        ;;
      postgres)
        PG_DIR=$(mktemp -d /tmp/jobspor-bench-pg.XXXXXX)
        URL=$("$ROOT/scripts/pg-cluster.sh" start "$PG_DIR" 55499)
        ;;
      *) echo "unknown engine $engine" >&2; exit 2 ;;
    esac
    "$BIN" --database-url "$URL" bench --scale "$scale" --seconds "$SECONDS_PER_PHASE" \
      --commit "$COMMIT" --out "docs/bench/$scale-$engine" >/dev/null
    echo "    wrote docs/bench/$scale-$engine.md"
    if [ "$engine" = sqlite ]; then rm -f "$DB" "$DB-wal" "$DB-shm"; fi
    if [ -n "$PG_DIR" ]; then "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR"; PG_DIR=; fi
  done
done
