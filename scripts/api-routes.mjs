// Hangar's API route modules (app/api/v1/**/route.ts) as static imports, for the server bundle:
// build-server.mjs puts this in place of server/http/api-routes.ts, which finds them at run time
// under tsx (development, tests).
import fs from 'node:fs';
import path from 'node:path';

/** `{ pattern: '/api/v1/users/[username]', file }` for every route file under app/api/v1. */
export function apiRouteFiles(root) {
  const app = path.join(root, 'app');
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') found.push({ pattern: `/${path.relative(app, dir).split(path.sep).join('/')}`, file: full });
    }
  };
  walk(path.join(app, 'api', 'v1'));
  return found.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** An esbuild plugin that compiles the route table into the bundle. */
export function apiRoutesPlugin(root) {
  return {
    name: 'hangar-api-routes',
    setup(build) {
      build.onLoad({ filter: /[\\/]server[\\/]http[\\/]api-routes\.ts$/ }, () => {
        const files = apiRouteFiles(root);
        const imports = files.map((f, i) => `import * as r${i} from ${JSON.stringify(f.file)};`).join('\n');
        const table = files.map((f, i) => `  { pattern: ${JSON.stringify(f.pattern)}, module: r${i} },`).join('\n');
        return {
          contents: `${imports}\nexport async function loadApiRoutes() {\n  return [\n${table}\n  ];\n}\n`,
          loader: 'ts',
          resolveDir: root,
        };
      });
    },
  };
}
