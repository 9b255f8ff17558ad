// Adds up the JSON reports of vitest and Playwright into one closing line: "tests: N passed, N failed".
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const read = (file) => {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
};

for (const suite of ['unit', 'integration']) {
  const r = read(`${suite}.json`);
  if (!r) {
    console.log(`${suite}: no report (the run did not finish)`);
    failed++;
    continue;
  }
  console.log(`${suite}: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numTotalTestSuites > 0 && r.success === false && r.numFailedTests === 0 ? 1 : 0);
  skipped += r.numPendingTests + r.numTodoTests;
}
const e2e = read('e2e.json');
if (!e2e) {
  console.log('e2e: no report (the run did not finish)');
  failed++;
} else {
  const s = e2e.stats;
  console.log(`e2e: ${s.expected} passed, ${s.unexpected + s.flaky} failed`);
  passed += s.expected;
  failed += s.unexpected + s.flaky;
  skipped += s.skipped;
}
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
