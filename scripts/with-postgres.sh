#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL beside it, for the tests that need one:
#   scripts/with-postgres.sh dotnet test
# The cluster lives in a temp folder, listens on 127.0.0.1 on a free port, and is stopped and removed when the
# command ends (or this script is interrupted). Without PostgreSQL binaries the command still runs, and the
# PostgreSQL tests skip saying so.
#
# Exported to the command:
#   RESPONSES_TEST_POSTGRES       connection string of the database "responses_test" (user postgres, trust auth);
#                                 the tests use it as an admin connection and create a database per test class
#   RESPONSES_TEST_POSTGRES_DATA  the cluster's folder (postgres-cluster.sh stop|start DIR works on it)
#   RESPONSES_TEST_POSTGRES_BIN   the PostgreSQL binaries' folder
set -uo pipefail
[ "$#" -gt 0 ] || { echo "usage: scripts/with-postgres.sh COMMAND [ARGS...]" >&2; exit 2; }
cluster="$(cd "$(dirname "$0")" && pwd)/postgres-cluster.sh"

if ! bin=$(bash "$cluster" bindir 2>/dev/null); then
  echo "with-postgres: no PostgreSQL binaries (initdb, pg_ctl, postgres) found; running without it, PostgreSQL tests will skip"
  exec "$@"
fi

started=$(date +%s%N)
if ! dir=$(bash "$cluster" init); then
  echo "with-postgres: initdb failed; running without PostgreSQL, its tests will skip"
  exec "$@"
fi
trap 'bash "$cluster" destroy "$dir"' EXIT
if ! port=$(bash "$cluster" start "$dir"); then
  echo "with-postgres: the server did not start; running without PostgreSQL, its tests will skip"
  "$@"
  exit $?
fi
echo "with-postgres: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($dir), ready in $((($(date +%s%N) - started) / 1000000)) ms"

export RESPONSES_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=responses_test"
export RESPONSES_TEST_POSTGRES_DATA="$dir"
export RESPONSES_TEST_POSTGRES_BIN="$bin"
# In the background and waited for: bash runs a trap only between commands, and `wait` is one a signal ends, so
# an interrupted run passes the signal on and still removes the cluster at once.
"$@" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT
trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
wait "$child"
exit $?
