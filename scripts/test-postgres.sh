#!/usr/bin/env bash
# A PostgreSQL cluster of the tests' own (Debian's postgresql package): its data, socket and log in
# DIR, listening on 127.0.0.1 on a free port of its own — never the machine's cluster, never port
# 5432, so a test can neither use nor disturb a database it did not start.
#
#   scripts/test-postgres.sh --private DIR   starts it; prints the URL the tests use
#   scripts/test-postgres.sh --stop DIR      stops it (DIR can then be removed)
set -euo pipefail
# Only the URL goes to stdout; everything the tools print goes to stderr.
exec 3>&1 1>&2
bin=/usr/lib/postgresql/$(ls /usr/lib/postgresql | sort -n | tail -1)/bin
[ -x "$bin/initdb" ] || { echo "test-postgres: postgresql is needed (scripts/install-deps.sh installs it)"; exit 1; }
# PostgreSQL will not run as root: as root, the cluster runs as the postgres user, from a directory
# it may enter (no "could not change directory" noise).
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "${1:-}" in
--private)
    dir=$(realpath -m "$2")
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
        (cd / && runuser -u postgres -- test -w "$dir") \
            || { echo "test-postgres: the postgres user cannot reach $dir (a parent folder is closed to it)"; exit 1; }
    fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        as_owner "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >/dev/null
    fi
    for _ in 1 2 3 4 5; do
        port=$((20000 + RANDOM % 40000)) # a port someone holds makes the start fail: try another
        if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
            -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null 2>&1 3>&-; then
            # (3>&-: the server must not hold our stdout open, or a caller's $(…) never ends)
            break
        fi
        port=""
    done
    [ -n "$port" ] || { echo "test-postgres: the server did not start (see $dir/server.log)"; exit 1; }
    echo "$port" > "$dir/port"
    psql() { as_owner "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q -tA "$@"; }
    psql -c "SELECT 1 FROM pg_roles WHERE rolname='callgate'" | grep -q 1 \
        || psql -c "CREATE ROLE callgate LOGIN PASSWORD 'callgate'"
    psql -c "SELECT 1 FROM pg_database WHERE datname='callgate_test'" | grep -q 1 \
        || psql -c "CREATE DATABASE callgate_test OWNER callgate"
    echo "postgres://callgate:callgate@127.0.0.1:$port/callgate_test" >&3
    ;;
--stop)
    dir=$(realpath -m "$2")
    [ -f "$dir/data/postmaster.pid" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
*)
    sed -n '2,8p' "$0"; exit 2 ;;
esac
