#!/usr/bin/env bash
# Makes sure the local PostgreSQL server answers; starts the Debian cluster if it is installed but stopped.
set -euo pipefail
host="${TRIBUTARY_PG_HOST:-127.0.0.1}"
port="${TRIBUTARY_PG_PORT:-5432}"

answers() { (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; }

if answers; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  echo "starting PostgreSQL $version (cluster main)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
fi
for _ in $(seq 1 30); do
  answers && exit 0
  sleep 1
done
echo "PostgreSQL does not answer on $host:$port; start it, or set TRIBUTARY_PG_HOST/TRIBUTARY_PG_PORT" >&2
exit 1
