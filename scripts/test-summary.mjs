// Adds up the JSON reports of vitest and Playwright into one closing line: "tests: N passed, N failed",
// preceded by each failure's name and the head of its message (CI keeps only the end of the output).
import fs from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
const plain = (text) => String(text ?? '').replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ').trim().slice(0, 600);
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
  for (const file of r.testResults ?? []) {
    const tests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of tests) failures.push(`${suite} ${path.basename(file.name)} › ${t.fullName}: ${plain(t.failureMessages?.[0])}`);
    if (!tests.length && file.status === 'failed') failures.push(`${suite} ${path.basename(file.name)}: ${plain(file.message)}`);
  }
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
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'expected' || test.status === 'skipped') continue;
        const result = test.results?.at(-1);
        failures.push(`e2e ${spec.file} › ${[...titles, spec.title].join(' › ')}: ${plain(result?.error?.message)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, [...titles, child.title]);
  };
  for (const suite of e2e.suites ?? []) walk(suite, []);
}
for (const failure of failures) console.log(`FAILED ${failure}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
