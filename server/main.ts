import http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import next from 'next';
import { startAuditRetention } from './audit/retention';
import { handleGateway } from './gateway/gateway';
import { GATEWAY_PREFIX } from './gateway/path';
import { ApiRouter, API_PREFIX } from './http/api-router';
import { loadApiRoutes } from './http/api-routes';
import { answerClientError, jsonErrorsUnder, refuseMalformed } from './http/front-door';
import { handleUpgrade } from './upgrades';
import { services } from './services';

/**
 * Hangar's HTTP server: the gateway, Hangar's own API (`/api/v1/*`) and websocket upgrades are
 * handled here, pages (and next-auth's /api/auth) by Next. `--dev` runs Next in development mode
 * with hot reload.
 */
async function main(): Promise<void> {
  const dev = process.argv.includes('--dev');
  (process.env as Record<string, string>).NODE_ENV = dev ? 'development' : 'production';
  // next-auth builds its callback URLs from the Host header unless a public URL is configured.
  if (!process.env.NEXTAUTH_URL) process.env.AUTH_TRUST_HOST = 'true';

  const s = await services();
  // Live fleet: one event subscription per daemon, and the usage sampler (server/events, server/history).
  s.events.start();
  const sampler = s.history?.start();
  startAuditRetention(s);
  s.tasks.start();
  const { host, port } = s.config;
  const api = new ApiRouter(await loadApiRoutes());
  const app = next({ dev, hostname: host, port, dir: path.resolve(__dirname, '..') });
  await app.prepare();
  const handle = app.getRequestHandler();
  const nextUpgrade = dev ? app.getUpgradeHandler() : undefined;

  const server = http.createServer((req, res) => {
    s.proxies.apply(req);
    // Lets a page that redirects to /login say where to come back to (server/auth/page-session.ts).
    req.headers['x-hangar-request-url'] = req.url ?? '/';
    const isGateway = GATEWAY_PREFIX.test(req.url ?? '');
    if (refuseMalformed(req, res, isGateway)) return;
    if (isGateway) {
      void handleGateway(s, req, res);
      return;
    }
    jsonErrorsUnder('/api/', req, res);
    if (API_PREFIX.test(req.url ?? '')) {
      void api.handle(req, res);
      return;
    }
    void handle(req, res);
  });
  server.on('clientError', answerClientError);
  server.on('connect', (req: http.IncomingMessage, socket: Duplex) => answerClientError(Object.assign(new Error('CONNECT'), { code: 'HPE_INVALID_METHOD' }), socket));
  server.on('upgrade', (req, socket, head) => {
    s.proxies.apply(req);
    if (handleUpgrade(s, req, socket, head)) return;
    if (nextUpgrade) void nextUpgrade(req, socket, head);
    else socket.destroy();
  });
  server.keepAliveTimeout = 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  console.log(`[hangar] listening on http://${host}:${actualPort}${dev ? ' (development)' : ''}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[hangar] ${signal}: shutting down`);
    server.close();
    server.closeAllConnections();
    s.events.close();
    // Running tasks are stopped and undone within the grace, on the daemon clients still open; one
    // whose undo takes longer is handed over to the next Hangar (never left `running` unowned).
    // The sampler hands its lease back before the database closes, so another replica takes over at once.
    const graceMs = s.config.shutdownGraceSeconds * 1000;
    void Promise.all([sampler?.stop(), s.tasks.shutdown(undefined, graceMs)])
      .then(() => {
        s.daemons.closeAll();
        return s.db.destroy();
      })
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), graceMs + 3000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// A parent that went away (a test runner killed mid-test) leaves stdout/stderr as broken pipes: each
// log line's EPIPE would be an uncaught exception whose own log line fails again, a busy loop
// (seen: an orphaned Hangar at 100 % CPU for 40 min). Lost log lines are the lesser harm.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
// One request's bug (a throw in a stream or socket callback) must not take every session down with it.
process.on('uncaughtException', (error) => console.error('[hangar] uncaught exception; still serving:', error));
process.on('unhandledRejection', (reason) => console.error('[hangar] unhandled rejection; still serving:', reason));

main().catch((error: unknown) => {
  console.error('[hangar] failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
