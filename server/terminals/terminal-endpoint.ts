import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { can } from '@/lib/roles';
import { MAX_CLIENT_FRAME } from '@/lib/terminal-protocol';
import { watchAccess } from '../auth/access-watch';
import { assertSameOrigin, authenticate, type Principal } from '../auth/principal';
import { forbidden, toApiError, unauthorized, type ApiError } from '../http/errors';
import type { Services } from '../services';
import { bridgeTerminal, type BridgeOutcome } from './bridge';
import type { LxdClient } from '../lxd/client';
import { DaemonSession } from './daemon-session';
import { parseTerminalRequest, TERMINAL_PATH, type TerminalRequest } from './request';

const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_FRAME, perMessageDeflate: false });

/** Opens the daemon session; a console only while no one else in Hangar holds that instance's console. */
async function openSession(s: Services, client: LxdClient, request: TerminalRequest): Promise<DaemonSession> {
  if (request.mode !== 'console') return DaemonSession.open(client, request);
  const release = s.consoles.claim(request.daemon, request.project, request.instance);
  try {
    const session = await DaemonSession.open(client, request);
    void session.finished().finally(release);
    return session;
  } catch (error) {
    release();
    throw error;
  }
}

/** Answers a refused upgrade with a plain HTTP response carrying the API error envelope. */
function refuse(socket: Duplex, error: ApiError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toBody());
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${error.status} ${http.STATUS_CODES[error.status] ?? 'Error'}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function auditTarget(request: TerminalRequest, daemonId: string): string {
  const path = `/api/v1/daemons/${encodeURIComponent(daemonId)}/instances/${encodeURIComponent(request.instance)}/terminal`;
  return `${path}?project=${encodeURIComponent(request.project)}&mode=${request.mode}`;
}

/**
 * `WS /api/v1/daemons/{id}/instances/{name}/terminal` (docs/api.md, Terminals). Everything a caller
 * can get wrong is refused with an HTTP status before the upgrade: no credentials 401, a role
 * without terminals or a cross-site page 403, bad parameters 400, an unknown daemon 404. What
 * the daemon refuses (a stopped instance, an unreachable daemon) comes as an `error` message on
 * the opened socket, where a browser can read it.
 */
export function handleTerminalUpgrade(s: Services, req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const url = req.url ?? '';
  if (!TERMINAL_PATH.test(url)) return false;
  socket.on('error', () => socket.destroy());
  void accept(s, req, socket, head, url);
  return true;
}

async function accept(s: Services, req: http.IncomingMessage, socket: Duplex, head: Buffer, url: string): Promise<void> {
  const started = performance.now();
  let principal: Principal | null = null;
  let request: TerminalRequest | null = null;
  let daemonName: string | null = null;
  try {
    principal = await authenticate(s, req.headers);
    if (!principal) throw unauthorized();
    // Browsers send cookies on cross-site websocket handshakes too; the page must be Hangar's own.
    assertSameOrigin(principal, 'WS', req.headers, s.config.publicUrl);
    if (!can(principal.role, 'terminal')) throw forbidden(`your role (${principal.role}) may not open terminals`);
    request = parseTerminalRequest(url)!;
    const row = await s.daemons.row(request.daemon);
    daemonName = row.name;
    const client = s.daemons.client(row);
    const target = auditTarget(request, row.id);
    const detail = {
      mode: request.mode,
      instance: request.instance,
      project: request.project,
      ...(request.mode === 'exec' ? { command: request.command || null } : {}),
    };
    const who = { username: principal.username, role: principal.role, daemon: row.name, method: 'WS', target, status: 101, instance: request.instance };
    const facts = { mode: request.mode, ...(request.mode === 'exec' && request.command ? { command: request.command } : {}) };
    const open = request;
    const caller = principal;
    // A terminal that cannot be recorded is not opened.
    const auditId = await s.audit.begin({ ...who, action: 'terminal.open', details: facts, detail: { event: 'terminal.opened', ...detail } });
    wss.handleUpgrade(req, socket, head, (browser) => {
      const opened = performance.now();
      void s.audit.finish(auditId, { status: 101, durationMs: opened - started });
      let stopWatching = () => {};
      const bridge = bridgeTerminal(
        browser,
        open.mode,
        () => openSession(s, client, open),
        (outcome: BridgeOutcome) => {
          stopWatching();
          void s.audit.record({
            ...who,
            durationMs: performance.now() - opened,
            action: 'terminal.close',
            details: { ...facts, endedBy: outcome.endedBy, exitCode: outcome.exitCode ?? undefined },
            detail: { event: 'terminal.closed', ...detail, ...outcome },
          });
        },
      );
      // Disabled, demoted below operator, logged out or token revoked: the terminal closes.
      stopWatching = watchAccess(s, caller, (now) => can(now.role, 'terminal'), () => bridge.end('your access to terminals has ended'));
    });
  } catch (error) {
    const apiError = toApiError(error);
    if (principal) {
      void s.audit.record({
        username: principal.username,
        role: principal.role,
        daemon: daemonName,
        method: 'WS',
        target: url.split('?')[0],
        status: apiError.status,
        durationMs: performance.now() - started,
        action: 'terminal.open',
        instance: request?.instance,
        details: { refused: apiError.message },
        detail: { event: 'terminal.refused', message: apiError.message, ...(request ? { mode: request.mode, instance: request.instance } : {}) },
      });
    }
    refuse(socket, apiError);
  }
}
