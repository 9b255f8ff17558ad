// Bundles the custom server (server/main.ts and what it imports, Hangar's API routes included)
// into .hangar/server.cjs.
// Packages stay external: they are loaded from node_modules at run time, like Next's own.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { apiRoutesPlugin } from './api-routes.mjs';
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
  plugins: [apiRoutesPlugin(fileURLToPath(new URL('..', import.meta.url)))],
});
fs.writeFileSync(BUILD_REV_FILE, `${workingTreeRev()}\n`);
