// Bundles the custom server (server/main.ts and what it imports) into .hangar/server.cjs.
// Packages stay external: they are loaded from node_modules at run time, like Next's own.
import fs from 'node:fs';
import { build } from 'esbuild';
import { BUILD_REV_FILE, workingTreeRev } from './build-rev.mjs';

await build({
  entryPoints: ['server/main.ts'],
  outfile: '.hangar/server.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
fs.writeFileSync(BUILD_REV_FILE, `${workingTreeRev()}\n`);
