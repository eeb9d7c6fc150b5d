#!/usr/bin/env bash
# A private, throwaway PostgreSQL cluster for Latchkey's tests (Debian's `postgresql` package).
#
#   eval "$(scripts/pg-test-cluster.sh start)"   # prints: export LATCHKEY_TEST_PG_URL=... LATCHKEY_TEST_PG_PASSWORD=... LATCHKEY_TEST_PG_DIR=... LATCHKEY_TEST_PG_CA=...
#   scripts/pg-test-cluster.sh stop "$LATCHKEY_TEST_PG_DIR"
#
# initdb into a fresh temp dir, a `latchkey` superuser with a random password (scram-sha-256 over
# TCP, so the tests exercise password login; trust on the unix socket in the dir), listening on
# 127.0.0.1 on a free port, TLS on (a throwaway self-signed certificate for localhost and
# 127.0.0.1, made with `openssl`, whose path is LATCHKEY_TEST_PG_CA; the URL printed asks for no
# TLS, the TLS test asks for verify-full). The server refuses to run as root, so
# when run as root the cluster belongs to the `postgres` user (runuser). Nothing outside the
# temp dir is touched; `stop` stops the server and deletes the dir.
set -euo pipefail

pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
  if [ -z "$dir" ]; then
    echo "error: PostgreSQL is not installed (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    bin=$(pg_bin)
    dir=$(mktemp -d /tmp/latchkey-pg.XXXXXX)
    chmod 0755 "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
    printf '%s\n' "$password" >"$dir/pwfile"
    chmod 0644 "$dir/pwfile"
    as_owner "$bin/initdb" -D "$dir/data" --auth-local=trust --auth-host=scram-sha-256 --pwfile="$dir/pwfile" \
      -U latchkey -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pwfile"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost \
      -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
      -addext extendedKeyUsage=serverAuth -keyout "$dir/server.key" -out "$dir/server.crt" 2>"$dir/openssl.log" \
      || { cat "$dir/openssl.log" >&2; exit 1; }
    chmod 0600 "$dir/server.key"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir/server.key" "$dir/server.crt"; fi
    port=$(free_port)
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    echo "export LATCHKEY_TEST_PG_DIR=$dir"
    echo "export LATCHKEY_TEST_PG_CA=$dir/server.crt"
    echo "export LATCHKEY_TEST_PG_URL=postgres://latchkey@127.0.0.1:$port/postgres?sslmode=disable"
    echo "export LATCHKEY_TEST_PG_PASSWORD=$password"
    ;;
  stop)
    dir="${2:-${LATCHKEY_TEST_PG_DIR:-}}"
    if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then
      echo "usage: $0 stop <dir printed by start>" >&2
      exit 2
    fi
    as_owner "$(pg_bin)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop <dir>" >&2
    exit 2
    ;;
esac
