#!/usr/bin/env bash
# Installs the Debian packages Hangar's tests need on a fresh machine (as root): Chromium for
# Playwright, plus LXD and Incus through the lab script. Does nothing for what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

if ! command -v chromium >/dev/null 2>&1; then
  echo "[setup] installing chromium"
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
bash scripts/lab.sh up
