#!/usr/bin/env bash
# Runs the whole test suite: the Rust tests on SQLite and on a throwaway
# PostgreSQL cluster, then the browser tests (Playwright + axe in the system
# Chromium) against a running demo server, which starts the demo OpenID
# provider (idp/). The login tests start their own provider on loopback.
# Installs what is missing first.
# Ends with a summary of how many tests ran where.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/jobspor-target}
export CARGO_TERM_COLOR=never
WORK=$(mktemp -d /tmp/jobspor-test.XXXXXX)
# Its own folder: the server runs as the postgres user, who cannot enter $WORK.
PG_DIR=$(mktemp -d /tmp/jobspor-pg.XXXXXX)
SERVER_PID=

cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true
  "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

step() { echo; echo "==> $*"; }

# ---------- prerequisites ----------
step "Checking prerequisites"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
# The fuzz crate's seed replay builds libFuzzer's C++ part.
command -v c++ >/dev/null 2>&1 || missing+=(g++)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if [ ! -d e2e/node_modules/playwright-core ] || [ e2e/package-lock.json -nt e2e/node_modules/.package-lock.json ]; then
  (cd e2e && npm ci --no-audit --no-fund)
fi
# The OpenID provider the login tests start (oidc-provider), and that the
# browser run's demo server starts itself.
if [ ! -d idp/node_modules/oidc-provider ] || [ idp/package-lock.json -nt idp/node_modules/.package-lock.json ]; then
  (cd idp && npm ci --no-audit --no-fund)
fi

# ---------- build ----------
step "Building"
cargo build --workspace --tests --locked
cargo clippy --workspace --all-targets --locked -- -D warnings

count() { # sums "N passed" from cargo's result lines in a log
  grep -E '^test result:' "$1" | sed -E 's/.* ([0-9]+) passed.*/\1/' | awk '{s+=$1} END {print s+0}'
}

# ---------- SQLite ----------
step "Rust tests on SQLite"
JOBSPOR_TEST_DB=sqlite cargo test --workspace --locked 2>&1 | tee "$WORK/sqlite.log"
SQLITE=$(count "$WORK/sqlite.log")

# ---------- fuzz seeds ----------
step "Fuzz targets' checks on their seeds (scripts/fuzz.sh fuzzes them)"
cargo clippy --manifest-path fuzz/Cargo.toml --lib --locked -- -D warnings
cargo test --manifest-path fuzz/Cargo.toml --lib --locked 2>&1 | tee "$WORK/fuzz.log"
FUZZ=$(count "$WORK/fuzz.log")

# ---------- PostgreSQL ----------
step "Rust tests on PostgreSQL"
# A random port may be taken: try a few.
PG_URL=
for _ in 1 2 3 4 5; do
  PG_PORT=$((56000 + RANDOM % 4000))
  if PG_URL=$("$ROOT/scripts/pg-cluster.sh" start "$PG_DIR" "$PG_PORT"); then break; fi
  "$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR" || true
  PG_DIR=$(mktemp -d /tmp/jobspor-pg.XXXXXX)
  PG_URL=
done
[ -n "$PG_URL" ] || { echo "could not start PostgreSQL" >&2; exit 1; }
echo "throwaway cluster at 127.0.0.1:$PG_PORT"
# The integration binaries only (unit tests touch no database). One
# workspace-wide invocation keeps the features, and so the build, shared.
JOBSPOR_TEST_DB=postgres JOBSPOR_TEST_PG_URL=$PG_URL \
  cargo test --workspace --locked --test conformance --test web --test cli --test bench 2>&1 | tee "$WORK/pg.log"
POSTGRES=$(count "$WORK/pg.log")
"$ROOT/scripts/pg-cluster.sh" stop "$PG_DIR"

# ---------- browser ----------
step "Browser tests (Chromium, Playwright, axe)"
# Port 0: the system picks a free port, and the server prints the one it bound.
DATABASE_URL="sqlite://$WORK/e2e.db" JOBSPOR_LOG=debug,sqlx=debug "$CARGO_TARGET_DIR/debug/jobspor" serve --demo --listen "127.0.0.1:0" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE=
for _ in $(seq 1 600); do
  BASE=$(grep -o 'listening on http://[0-9.:]*' "$WORK/server.log" | head -1 | sed 's/listening on //' || true)
  if [ -n "$BASE" ] && curl -fsS "$BASE/healthz" >/dev/null 2>&1; then break; fi
  BASE=
  kill -0 "$SERVER_PID" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$BASE" ]; then
  echo "the demo server did not start; its log ends:" >&2
  grep -v 'sqlx::query' "$WORK/server.log" | tail -20 >&2
  exit 1
fi
echo "demo server at $BASE"
if ! (cd e2e && JOBSPOR_E2E_URL="$BASE" npm test) 2>&1 | tee "$WORK/browser.log"; then
  echo "browser tests failed; the server log ends:" >&2
  grep -v 'sqlx::query' "$WORK/server.log" | tail -20 >&2
  exit 1
fi
BROWSER=$(grep -E '^# pass ' "$WORK/browser.log" | awk '{print $3}')
kill "$SERVER_PID"; SERVER_PID=
# Personal data never goes into logs: the server's log of the whole browser
# run must hold no CPR number and none of the names and notes the tests typed.
grep -c 'jobspor::http' "$WORK/server.log" | sed 's/^/request log lines: /'
if grep -nE '[0-9]{6}-?[0-9]{4}|Testesen|E2E-|ikke fed|siddende arbejde|lagerarbejde|skånehensyn|motiveret' "$WORK/server.log"; then
  echo "personal data found in the server log" >&2
  exit 1
fi

echo
echo "==> Summary"
echo "SQLite (unit and integration): $SQLITE passed"
echo "Fuzz seeds (stable replay):    $FUZZ passed"
echo "PostgreSQL (integration):      $POSTGRES passed"
echo "Browser (Chromium + axe):      $BROWSER passed"
echo "total: $((SQLITE + FUZZ + POSTGRES + BROWSER)) passed, 0 failed"
