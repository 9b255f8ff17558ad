/**
 * The terminal websocket's control messages (docs/api.md, Terminals), shared by the server bridge and
 * the browser. Binary frames both ways are terminal bytes; text frames are these JSON messages.
 */

/** Client → server. */
export type ClientMessage =
  /** The terminal's new size in character cells. */
  | { type: 'resize'; cols: number; rows: number }
  /**
   * Flow control, optional: `bytes` is the total number of output bytes the client has processed
   * so far. A client that sends it once is never more than FLOW_WINDOW bytes behind: the server
   * stops reading from the daemon until the client catches up. Clients that never send it get
   * TCP backpressure only.
   */
  | { type: 'ack'; bytes: number };

/** Server → client. After either, the server closes the websocket. */
export type ServerMessage =
  /** The command ended (exec mode only; a console session just closes). */
  | { type: 'exit'; code: number }
  /** The session could not start or broke, in the daemon's own words where it gave any. */
  | { type: 'error'; message: string };

export type TerminalMode = 'exec' | 'console';

/** Unacknowledged output bytes the server lets a flow-controlled client fall behind by. */
export const FLOW_WINDOW = 1024 * 1024;

/** Terminal sizes outside this range are refused. */
export const MAX_TERMINAL_CELLS = 1000;

/** Largest frame the server accepts from a client; the UI sends pastes in much smaller pieces. */
export const MAX_CLIENT_FRAME = 1024 * 1024;

/** Websocket close codes the server uses besides 1000 (normal). */
export const CLOSE_CODES = {
  /** The client broke the protocol (bad control message). */
  protocolViolation: 1008,
  /** The daemon refused or dropped the session; an `error` message says why. */
  daemonError: 1011,
  /** The caller's access ended (disabled, demoted, logged out, token revoked); an `error` message says so. */
  accessEnded: 4001,
} as const;

function isCellCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TERMINAL_CELLS;
}

/** Parses a client text frame; `error` says what is wrong with it, `ignored` marks unknown types. */
export function parseClientMessage(text: string): { message: ClientMessage } | { ignored: true } | { error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'a text frame must be a JSON control message' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { error: 'a control message must be a JSON object' };
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'resize':
      if (!isCellCount(m.cols) || !isCellCount(m.rows)) {
        return { error: `resize needs whole numbers cols and rows from 1 to ${MAX_TERMINAL_CELLS}` };
      }
      return { message: { type: 'resize', cols: m.cols, rows: m.rows } };
    case 'ack':
      if (!Number.isSafeInteger(m.bytes) || (m.bytes as number) < 0) return { error: 'ack needs a whole number of bytes' };
      return { message: { type: 'ack', bytes: m.bytes as number } };
    default:
      // Newer clients may send types this server does not know; they are not an error.
      return typeof m.type === 'string' ? { ignored: true } : { error: 'a control message needs a "type"' };
  }
}

/** Parses a server text frame; null for anything that is not a known message. */
export function parseServerMessage(text: string): ServerMessage | null {
  try {
    const m = JSON.parse(text) as Record<string, unknown>;
    if (m.type === 'exit' && typeof m.code === 'number') return { type: 'exit', code: m.code };
    if (m.type === 'error' && typeof m.message === 'string') return { type: 'error', message: m.message };
  } catch {
    /* not JSON */
  }
  return null;
}

/** The websocket path of an instance's terminal (names URL-encoded). */
export function terminalPath(daemonId: string, instance: string): string {
  return `/api/v1/daemons/${encodeURIComponent(daemonId)}/instances/${encodeURIComponent(instance)}/terminal`;
}
