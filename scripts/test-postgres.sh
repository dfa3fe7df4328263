#!/usr/bin/env bash
# Starts the local PostgreSQL cluster (Debian's postgresql package) and makes sure the test role
# and database exist. Prints the URL the tests use. Idempotent.
set -euo pipefail
# Only the URL goes to stdout; everything the tools print goes to stderr.
exec 3>&1 1>&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
as_postgres() { $SUDO su postgres -s /bin/sh -c "$1"; }

version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^$version main"; then
  $SUDO pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  $SUDO pg_ctlcluster "$version" main start 3>&-  # the server must not hold our stdout open
fi
for _ in $(seq 50); do as_postgres "pg_isready -q -h 127.0.0.1" && break; sleep 0.2; done
as_postgres "psql -q -tAc \"SELECT 1 FROM pg_roles WHERE rolname='callgate'\"" | grep -q 1 \
  || as_postgres "psql -q -c \"CREATE ROLE callgate LOGIN PASSWORD 'callgate'\""
as_postgres "psql -q -tAc \"SELECT 1 FROM pg_database WHERE datname='callgate_test'\"" | grep -q 1 \
  || as_postgres "psql -q -c \"CREATE DATABASE callgate_test OWNER callgate\""
echo "postgres://callgate:callgate@127.0.0.1:5432/callgate_test" >&3
