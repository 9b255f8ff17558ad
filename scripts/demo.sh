#!/usr/bin/env bash
# One command from a fresh machine to a working Hangar: installs what is missing, starts the lab
# of real daemons (LXD alpha, the LXD cluster beta, Incus gamma), builds Hangar, starts it,
# registers the three daemons, launches a busybox container on each that has none of these
# (demo-web, demo-db, demo-queue, demo-cache) and prints where to log in. Ctrl-C stops Hangar (the lab stays up;
# `npm run lab -- down` stops it).
#
#   PORT (3000), HOST (127.0.0.1), HANGAR_DATA_DIR (./data/demo) as for `npm start`.
set -euo pipefail
cd "$(dirname "$0")/.."

export PORT="${PORT:-3000}" HOST="${HOST:-127.0.0.1}"
export HANGAR_DATA_DIR="${HANGAR_DATA_DIR:-$PWD/data/demo}"
say() { printf '\n[demo] %s\n' "$*"; }

[[ $EUID -eq 0 ]] || { echo "[demo] run as root: the lab starts LXD and Incus daemons" >&2; exit 1; }

say "starting the lab of real daemons"
bash scripts/lab.sh up

if [[ ! -d node_modules ]] || [[ package.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm dependencies (better-sqlite3 compiles from source: about 2 minutes)"
  npm_config_build_from_source=true npm install --no-audit --no-fund # compiled here, nothing downloaded
fi

if [[ ! -f .hangar/server.cjs ]] || [[ "$(cat .hangar/build-rev 2>/dev/null)" != "$(node scripts/build-rev.mjs)" ]]; then
  say "building Hangar"
  npm run build
fi

mkdir -p "$HANGAR_DATA_DIR" && chmod 700 "$HANGAR_DATA_DIR"
password_file="$HANGAR_DATA_DIR/demo-admin-password"
if [[ ! -s "$password_file" ]]; then
  (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$password_file")
fi
export HANGAR_ADMIN_USER="${HANGAR_ADMIN_USER:-admin}"
export HANGAR_ADMIN_PASSWORD="${HANGAR_ADMIN_PASSWORD:-$(cat "$password_file")}"

say "starting Hangar on http://$HOST:$PORT"
node --enable-source-maps .hangar/server.cjs &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null' INT TERM EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://$HOST:$PORT/api/v1/health" >/dev/null 2>&1 && break
  kill -0 $server 2>/dev/null || { echo "[demo] Hangar exited; see the output above" >&2; exit 1; }
  sleep 0.5
done

say "registering the lab's daemons"
npx tsx scripts/lab-register.ts "http://$HOST:$PORT" "$HANGAR_ADMIN_USER" "$HANGAR_ADMIN_PASSWORD"

say "making sure every daemon has a container to show"
eval "$(bash scripts/lab.sh env)"
# ensure CLI DIR_VARIABLE DIR NAME [launch options]: launches NAME from the lab's busybox image unless it exists
ensure() {
  local cli=$1 var=$2 dir=$3 name=$4
  shift 4
  env "$var=$dir" "$cli" info "$name" >/dev/null 2>&1 && return 0
  local out # the daemons' "no network attached" notice is expected here: shown only on failure
  out=$(env "$var=$dir" "$cli" launch busybox "$name" "$@" 2>&1) || { echo "$out" >&2; return 1; }
  echo "  launched $name"
}
ensure lxc LXD_DIR "$HANGAR_LAB_ALPHA_LXD_DIR" demo-web
ensure lxc LXD_DIR "$HANGAR_LAB_BETA_LXD_DIR" demo-db --target member1
ensure lxc LXD_DIR "$HANGAR_LAB_BETA_LXD_DIR" demo-queue --target member2
ensure incus INCUS_DIR "$HANGAR_LAB_GAMMA_INCUS_DIR" demo-cache

cat <<EOT

  Hangar is ready:  http://$HOST:$PORT
  Log in as:        $HANGAR_ADMIN_USER
  Password:         $HANGAR_ADMIN_PASSWORD   (kept in $password_file)

  Ctrl-C stops Hangar. The lab keeps running: npm run lab -- status | down
EOT
wait $server
