#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL cluster for tests.
#   scripts/pg-cluster.sh start DIR PORT   prints the admin URL
#   scripts/pg-cluster.sh stop DIR
# The server binaries refuse to run as root, so as root the cluster runs as
# the `postgres` user. It listens on 127.0.0.1 only.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?data directory}
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "$cmd" in
  start)
    port=${3:?port}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$dir"; fi
    if ! as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
      cat "$dir/initdb.log" >&2; exit 1
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300" start >&2; then
      cat "$dir/server.log" >&2; exit 1
    fi
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
esac
