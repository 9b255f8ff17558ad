/**
 * The floor for any gateway: a plain Node HTTP server in its own process that forwards each
 * request to the daemon over the same pooled mTLS client Hangar uses, with no auth, policy or
 * checks. bench/gateway.ts starts it (`node --import tsx`) and compares Hangar with it.
 *   env: BARE_DATA_DIR, BARE_SECRET (Hangar's), BARE_DAEMON (a daemon id), BARE_PORT
 */
import http from 'node:http';
import { openDatabase } from '../../server/db/database';
import { DaemonRegistry } from '../../server/daemons/registry';
import { Secrets } from '../../server/secrets';

async function main(): Promise<void> {
  const db = await openDatabase({ dataDir: process.env.BARE_DATA_DIR! });
  const registry = new DaemonRegistry(db, new Secrets(process.env.BARE_SECRET!));
  const daemon = registry.client(await registry.row(process.env.BARE_DAEMON!));
  const server = http.createServer((req, res) => {
    const upstream = daemon.rawRequest(daemon.requestOptions(req.method ?? 'GET', req.url ?? '/'));
    upstream.on('response', (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  // As Hangar's (server/main.ts): a client reusing a connection the server has just closed reads a reset.
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.BARE_PORT), '127.0.0.1', () => console.log('bare proxy ready'));
}

void main();
