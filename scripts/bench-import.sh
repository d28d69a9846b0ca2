#!/usr/bin/env bash
# The import benchmark (issue 25: 100,000 rows in under two minutes):
#   scripts/bench-import.sh [ROWS] [sqlite|postgres|both]
# Writes a file of ROWS lines (default 100000: a citizen and a kontanthjælp
# course each), loads the demo municipality into a fresh database, and times
# `jobspor import --dry-run` and `jobspor import` with the release build.
# Prints one line per engine and step; docs/performance.md keeps the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
ROWS=${1:-100000}; ENGINES=${2:-both}
[ "$ENGINES" = both ] && ENGINES="sqlite postgres"
DIR=${BENCH_DIR:-/tmp/jobspor-bench}/import
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
export JOBSPOR_LOG=${JOBSPOR_LOG:-warn}
mkdir -p "$DIR"
PG_DIR=
cleanup() { [ -n "$PG_DIR" ] && "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true; }
trap cleanup EXIT

cargo build --release -p jobspor --locked
BIN=$CARGO_TARGET_DIR/release/jobspor
FILE=$DIR/cases-$ROWS.csv
python3 - "$ROWS" "$FILE" <<'PY'
import datetime, sys
rows, path = int(sys.argv[1]), sys.argv[2]
out = ["CPR-nr.;Navn;Målgruppe;Kategori;Startdato;Sagsbehandler;Forløbsramme"]
start, seen, day, n = datetime.date(1950, 1, 1), set(), 0, 0
while n < rows:
    d = start + datetime.timedelta(days=day % (365 * 50))
    cpr = f"{d.day:02d}{d.month:02d}{d.year % 100:02d}-{1000 + (day // (365 * 50)) * 10 + n % 7:04d}"
    day += 1
    if cpr in seen:
        continue
    seen.add(cpr)
    out.append(f"{cpr};Borger {n} Testesen;kontanthjaelp;aktivitetsparat;2026-0{1 + n % 9}-01;sagsbehandler;Udviklingsforløb")
    n += 1
open(path, "w").write("\n".join(out) + "\n")
PY
MAP=$DIR/mapping.txt
printf 'cpr = CPR-nr.\nname = Navn\ntarget_group = Målgruppe\ncategory = Kategori\nstart_date = Startdato\ncaseworker = Sagsbehandler\nframework = Forløbsramme\n' > "$MAP"

for engine in $ENGINES; do
  case $engine in
    sqlite) rm -f "$DIR"/import.db*; URL="sqlite://$DIR/import.db" ;;
    postgres)
      PG_DIR=$DIR/pg; rm -rf "$PG_DIR"
      URL=$("$ROOT/scripts/pg-cluster.sh" start "$PG_DIR" 55499) ;;
  esac
  DATABASE_URL=$URL "$BIN" demo >/dev/null
  for step in dry-run import; do
    args=(import --as admin --mapping "$MAP")
    [ $step = dry-run ] && args+=(--dry-run)
    start=$(date +%s.%N)
    DATABASE_URL=$URL "$BIN" "${args[@]}" "$FILE" | tail -1
    end=$(date +%s.%N)
    printf '%s %s %s rows: %.1f s\n' "$engine" "$step" "$ROWS" "$(echo "$end - $start" | bc)"
  done
  [ "$engine" = postgres ] && { "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR"; PG_DIR=; }
done
