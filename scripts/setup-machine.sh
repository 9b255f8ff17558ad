#!/usr/bin/env bash
# Installs the Debian packages Hangar's tests need on a fresh machine (as root): Chromium for
# Playwright, PostgreSQL 15 for the PostgreSQL tests (tests/support/postgres.ts runs its initdb,
# pg_ctl and createdb as the `postgres` user), plus LXD and Incus through the lab script. Does
# nothing for what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null 2>&1; then
  echo "[setup] installing chromium"
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
PG_BIN=/usr/lib/postgresql/15/bin
if ! { [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/createdb" ] && id postgres >/dev/null 2>&1; }; then
  echo "[setup] installing postgresql 15"
  # The tests start throwaway clusters of their own: no system cluster that would hold port 5432.
  mkdir -p /etc/postgresql-common
  [ -e /etc/postgresql-common/createcluster.conf ] || echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf
  apt-get update -qq
  apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
fi
for bin in initdb pg_ctl createdb; do
  [ -x "$PG_BIN/$bin" ] || { echo "[setup] $PG_BIN/$bin is missing after installing postgresql-15" >&2; exit 1; }
done

bash scripts/lab.sh up
