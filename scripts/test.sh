#!/usr/bin/env bash
# Runs every test: static checks, unit, integration against the real lab daemons, and Playwright
# e2e in Debian's Chromium. Starts the lab (scripts/lab.sh up) and builds Hangar first.
# Every step has a time limit: a step that hangs is stopped and named, so the run always ends with
# the summary instead of eating CI's whole budget.
set -uo pipefail
cd "$(dirname "$0")/.."
results=test-results
rm -rf "$results" && mkdir -p "$results"
failed=0
start=$SECONDS
budget=${HANGAR_TEST_BUDGET_S:-4500} # the whole run; CI allows 5400 s including the install

# step NAME LIMIT_SECONDS COMMAND...: runs COMMAND, stopped (TERM, then KILL 30 s later) after LIMIT
# or when the run's budget is spent, whichever comes first.
step() {
  local name=$1 limit=$2 t0=$SECONDS rc left
  shift 2
  left=$((budget - (SECONDS - start)))
  if [ "$left" -lt 60 ]; then echo; echo "=== $name: not run, the run's ${budget}s budget is spent"; return 1; fi
  [ "$limit" -gt "$left" ] && limit=$left
  echo; echo "=== $name (limit ${limit}s, at $((SECONDS - start))s)"
  timeout --kill-after=30 "$limit" "$@"
  rc=$?
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then echo "=== $name: stopped after ${limit}s (hung or too slow)"; fi
  echo "=== $name: exit $rc in $((SECONDS - t0))s"
  return "$rc"
}

step "lab" 600 bash scripts/lab.sh up || { echo "the lab of real daemons did not start"; exit 1; }
step "lint" 600 npx eslint . --max-warnings=0 || failed=1
step "build (type-checks every file)" 1200 npm run build || { echo "build failed"; exit 1; }
step "bundle budget" 120 node scripts/check-bundle-budget.mjs || failed=1
step "unit" 600 npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || failed=1
step "integration" 1500 npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || failed=1
# A daemon that died during the integration tests is named here and started again, so the e2e
# step does not spend its time on a dead lab.
step "lab after integration" 300 bash scripts/lab.sh up || { echo "the lab of real daemons did not come back"; failed=1; }
step "e2e" 1500 npx playwright test || failed=1
cp e2e/artifacts/results.json "$results/e2e.json" 2>/dev/null || true

echo; echo "=== summary (after $((SECONDS - start))s)"
node scripts/test-summary.mjs "$results" || failed=1
exit $failed
