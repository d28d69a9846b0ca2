#!/usr/bin/env bash
# Times every management dashboard over HTTP against a running server:
# one cold request, then five warm ones; prints the cold time and the
# median of the warm ones, in milliseconds, as a markdown table.
#   scripts/time-dashboards.sh http://127.0.0.1:8080 leder.001 benchmark
set -euo pipefail
BASE=${1:?base URL}; USER=${2:?username}; PASS=${3:?password}
JAR=$(mktemp); trap 'rm -f "$JAR"' EXIT
token=$(curl -fsS -c "$JAR" -b "$JAR" "$BASE/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -fsS -o /dev/null -c "$JAR" -b "$JAR" --data-urlencode "username=$USER" \
  --data-urlencode "password=$PASS" --data-urlencode "csrf=$token" "$BASE/login"
ms() { curl -fsS -o /dev/null -b "$JAR" -w '%{time_total}' "$BASE$1" | awk '{printf "%.0f", $1 * 1000}'; }
echo "| dashboard | cold ms | warm ms (median of 5) |"
echo "|---|---:|---:|"
for path in /ledelse/resultater "/ledelse/resultater?gruppe=intervention" /ledelse/sagsstamme \
  /ledelse/kapacitet /ledelse/hvad-virker "/ledelse/hvad-virker?profil=age" /ledelse/screening \
  /ledelse/oekonomi "/ledelse/forskning/eksport?format=csv"; do
  cold=$(ms "$path")
  warm=$(for _ in 1 2 3 4 5; do ms "$path"; echo; done | sort -n | sed -n 3p)
  echo "| \`$path\` | $cold | $warm |"
done
