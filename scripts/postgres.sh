#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on a free loopback port and prints its connection string.
# Usage: eval "$(scripts/postgres.sh start)"   → exports POSTPURCHASE_TEST_POSTGRES and PP_PG_DIR
#        scripts/postgres.sh stop "$PP_PG_DIR"
# PP_PG_DURABLE=1 starts it with production durability (fsync=on, synchronous_commit=on, synced initdb) for
# benchmarks (with pg_stat_statements loaded, so a benchmark can count statements per order); the default (tests)
# runs with fsync=off.
set -euo pipefail

find_bin() {
  for dir in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do
    [ -x "$dir/$1" ] && { echo "$dir/$1"; return; }
  done
  return 1
}

ensure_installed() {
  if ! find_bin initdb >/dev/null || ! find_bin pg_ctl >/dev/null; then
    echo "PostgreSQL not found: installing it with apt" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
  fi
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
}

free_port() {
  python3 - 2>/dev/null <<'PY' || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

start() {
  ensure_installed
  local dir port
  dir=$(mktemp -d /tmp/pp-pg.XXXXXX)
  port=$(free_port)
  chown postgres "$dir"
  local nosync="--no-sync" durability="-c fsync=off"
  if [ "${PP_PG_DURABLE:-0}" = "1" ]; then nosync=""; durability="-c fsync=on -c synchronous_commit=on -c shared_preload_libraries=pg_stat_statements"; fi
  runuser -u postgres -- "$(find_bin initdb)" -D "$dir/data" -U postgres -A trust $nosync -E UTF8 >/dev/null
  runuser -u postgres -- "$(find_bin pg_ctl)" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=300" start >/dev/null
  echo "export PP_PG_DIR=$dir"
  echo "export POSTPURCHASE_TEST_POSTGRES='Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres'"
}

stop() {
  runuser -u postgres -- "$(find_bin pg_ctl)" -D "$1/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$1"
}

case "${1:-}" in
  start) start ;;
  stop) stop "$2" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
