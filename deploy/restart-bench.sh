#!/usr/bin/env bash
# Measures how long jiamei-server takes to serve again after kill -9 with a
# large store. A benchmark, not a test: it prints figures.
#   bash deploy/restart-bench.sh [HOUSEHOLDS [LOAD_SECONDS]]
# (defaults 100000, 40). It makes a fresh store in a temporary folder,
# loads it with jiamei-bench's durable transfers among HOUSEHOLDS households
# for LOAD_SECONDS, kills the server with SIGKILL as soon as the bench
# ends, starts it again and times it from the start until
# it has written its port file (written once it listens, with the store
# open and the ledger loaded); then prints the head sequence (the entries in the
# log). Uses the binaries of $JIAMEI_BUILD (default build/).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${JIAMEI_BUILD:-$root/build}"
server="$build/services/jiamei-server"
bench="$build/clients/jiamei-bench"
cli="$build/clients/jiamei"
households="${1:-100000}"
load_seconds="${2:-40}"
work="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
export JIAMEI_PASSWORD="restart bench password"
export JIAMEI_TOKEN_FILE="$work/token"
data="$work/data"
printf '%s\n' "$JIAMEI_PASSWORD" |
  "$server" --data_dir="$data" --bootstrap_admin=admin >/dev/null

now_ms() { date +%s%3N; }

# Starts the server; sets $pid and $port once it serves.
start() {
  rm -f "$work/port"
  "$server" --listen=127.0.0.1:0 --data_dir="$data" \
    --port_file="$work/port" 2>>"$work/server.log" &
  pid=$!
  while [[ ! -s "$work/port" ]]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; exit 1; }
    sleep 0.005
  done
  port="$(cat "$work/port")"
}


head_sequence() {
  printf '%s\n' "$JIAMEI_PASSWORD" |
    "$cli" --server="127.0.0.1:$port" login admin >/dev/null
  "$cli" --server="127.0.0.1:$port" --json digest |
    sed -n 's/.*"last_sequence":"\([0-9]*\)".*/\1/p'
}

start
echo "loading: $households households, then ${load_seconds}s of transfers"
"$bench" --target="127.0.0.1:$port" --phases=transfer --rounds=1 \
  --warmup=0s --duration="${load_seconds}s" --accounts="$households" \
  --in_flight=256 >"$work/bench.log" 2>&1 || { cat "$work/bench.log"; exit 1; }
grep -E "transfer" "$work/bench.log" | tail -1
entries="$(head_sequence)"
# No clean stop: the WALs are left as they were under load.
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
wal_mib="$(du -cm "$data"/*.log | tail -1 | cut -f1)"
wals="$(ls "$data"/*.log | wc -l)"
t0="$(now_ms)"
start
t1="$(now_ms)"
echo "$entries entries, killed with SIGKILL; $wals WAL files ($wal_mib MiB)" \
  "replayed; serving again after $((t1 - t0)) ms"
echo "entries in the log after the restart: $(head_sequence)"
