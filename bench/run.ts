/** `npm run bench`: every benchmark, one after another, against a built Hangar and the lab. */
import fs from 'node:fs';
import path from 'node:path';

async function run(): Promise<void> {
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !['run.ts', 'measure.ts'].includes(f))
    .sort();
  for (const file of files) {
    console.log(`\n##### ${file}`);
    const mod = (await import(path.join(__dirname, file))) as { main?: () => Promise<void> };
    if (typeof mod.main !== 'function') throw new Error(`${file} exports no main()`);
    await mod.main();
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
