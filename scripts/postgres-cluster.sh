#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, in a temp folder, reachable only on 127.0.0.1 with trust auth.
# One place knows how to run one (binaries, the unprivileged user, the port), so with-postgres.sh and the test
# fixture that stops and restarts its own cluster share it.
#
#   postgres-cluster.sh bindir      prints the binaries' folder; exit 3 when there are none
#   postgres-cluster.sh init        creates a cluster with a database "responses_test"; prints its folder
#   postgres-cluster.sh start DIR   starts it (on the port it had before, else a free one); prints the port
#   postgres-cluster.sh stop DIR    stops it (fast: sessions are ended, nothing is lost)
#   postgres-cluster.sh destroy DIR stops it if running and removes the folder
set -euo pipefail

# PostgreSQL refuses to run as root, so as root every server command runs as the "postgres" system user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u "${RESPONSES_PG_OS_USER:-postgres}" -- "$@"
  else
    "$@"
  fi
}

find_bindir() {
  if [ -n "${RESPONSES_PG_BIN:-}" ] && [ -x "$RESPONSES_PG_BIN/initdb" ]; then
    echo "$RESPONSES_PG_BIN"
    return 0
  fi
  local initdb
  if initdb=$(command -v initdb 2>/dev/null); then
    dirname "$(readlink -f "$initdb")"
    return 0
  fi
  # Debian puts them beside each other under the major version, off the PATH; take the newest.
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  return 3
}

# A port nobody listens on; the small window before the server binds it is covered by retrying the start.
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

cmd=${1:-}
case "$cmd" in
  bindir)
    find_bindir || { echo "no PostgreSQL binaries (initdb, pg_ctl, postgres) on the PATH or in /usr/lib/postgresql" >&2; exit 3; }
    ;;
  init)
    bin=$(find_bindir) || { echo "no PostgreSQL binaries (initdb, pg_ctl, postgres) on the PATH or in /usr/lib/postgresql" >&2; exit 3; }
    # /tmp, not $TMPDIR: the postgres user must be able to reach it, and the socket path must stay short.
    dir=$(mktemp -d /tmp/responses-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then chown "${RESPONSES_PG_OS_USER:-postgres}" "$dir"; fi
    chmod 700 "$dir"
    echo "$bin" >"$dir/bindir"
    # --no-sync: a throwaway cluster needs no flush at creation (the server itself keeps fsync on, so measured
    # store throughput is what a real deployment pays per commit).
    as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    # Single-user mode creates the database without a running server or a client binary.
    echo "CREATE DATABASE responses_test;" | as_owner "$bin/postgres" --single -D "$dir/data" -j postgres >"$dir/single.log" 2>&1 ||
      { cat "$dir/single.log" >&2; exit 1; }
    echo "$dir"
    ;;
  start)
    dir=${2:?usage: postgres-cluster.sh start DIR}
    bin=$(cat "$dir/bindir")
    for _ in 1 2 3 4 5; do
      if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port); fi
      # Many connections: every test class has its own pool, and the concurrency tests fill theirs.
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -o \
        "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null; then
        [ -f "$dir/port" ] || as_owner sh -c "echo $port >'$dir/port'"
        echo "$port"
        exit 0
      fi
      [ -f "$dir/port" ] && break
    done
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
    ;;
  stop)
    dir=${2:?usage: postgres-cluster.sh stop DIR}
    as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  destroy)
    dir=${2:?usage: postgres-cluster.sh destroy DIR}
    if [ -f "$dir/bindir" ] && [ -f "$dir/data/postmaster.pid" ]; then
      as_owner "$(cat "$dir/bindir")/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: postgres-cluster.sh bindir | init | start DIR | stop DIR | destroy DIR" >&2
    exit 2
    ;;
esac
