#!/usr/bin/env bash
# Runs every test: static checks, unit, integration against the real lab daemons, and Playwright
# e2e in Debian's Chromium. Starts the lab (scripts/lab.sh up) and builds Hangar first.
set -uo pipefail
cd "$(dirname "$0")/.."
results=test-results
rm -rf "$results" && mkdir -p "$results"
failed=0
step() { echo; echo "=== $*"; }

step "lab" && bash scripts/lab.sh up || { echo "the lab of real daemons did not start"; exit 1; }
step "lint" && npx eslint . --max-warnings=0 || failed=1
step "build (type-checks every file)" && npm run build || { echo "build failed"; exit 1; }
step "bundle budget" && node scripts/check-bundle-budget.mjs || failed=1
step "unit" && npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json" || failed=1
step "integration" && npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json" || failed=1
step "e2e" && npx playwright test || failed=1
cp e2e/artifacts/results.json "$results/e2e.json" 2>/dev/null || true

step "summary"
node scripts/test-summary.mjs "$results" || failed=1
exit $failed
