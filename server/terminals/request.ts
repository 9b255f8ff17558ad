import { MAX_TERMINAL_CELLS, type TerminalMode } from '@/lib/terminal-protocol';
import { badRequest } from '../http/errors';

/** `/api/v1/daemons/{id}/instances/{name}/terminal`, on the raw (still encoded) URL. */
export const TERMINAL_PATH = /^\/api\/v1\/daemons\/([^/?#]+)\/instances\/([^/?#]+)\/terminal(?:\?|$)/;

export interface TerminalRequest {
  daemon: string;
  instance: string;
  project: string;
  mode: TerminalMode;
  /** What the user asked to run; empty means the instance's default shell (exec only). */
  command: string;
  cols: number;
  rows: number;
  /** Exec only: run as this uid / gid, in this directory, with these extra variables. */
  user?: number;
  group?: number;
  cwd?: string;
  environment: Record<string, string>;
}

const MAX_COMMAND_LENGTH = 8192;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CONTROL_CHARS = /[\x00-\x1f\x7f]/;

function decodeSegment(raw: string, what: string): string {
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    throw badRequest(`the ${what} is not valid URL encoding`, 'invalid_path');
  }
  if (!value || value === '.' || value === '..' || value.includes('/') || CONTROL_CHARS.test(value)) {
    throw badRequest(`"${value}" is not a valid ${what}`, 'invalid_path');
  }
  return value;
}

function cells(params: URLSearchParams, name: 'cols' | 'rows', fallback: number): number {
  const raw = params.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > MAX_TERMINAL_CELLS) {
    throw badRequest(`${name} must be a whole number from 1 to ${MAX_TERMINAL_CELLS}`, 'invalid_size');
  }
  return n;
}

function id(params: URLSearchParams, name: 'user' | 'group'): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) > 0xffffffff) throw badRequest(`${name} must be a numeric ${name === 'user' ? 'uid' : 'gid'}`);
  return Number(raw);
}

function environment(params: URLSearchParams): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of params.getAll('env')) {
    const eq = pair.indexOf('=');
    const name = eq > 0 ? pair.slice(0, eq) : '';
    if (!ENV_NAME.test(name)) throw badRequest(`env must be NAME=value with a name of letters, digits and "_": "${pair}"`);
    env[name] = pair.slice(eq + 1);
  }
  return env;
}

/**
 * Reads and validates a terminal upgrade URL. Throws a 400 ApiError naming the bad parameter;
 * returns null when the URL is not a terminal URL at all.
 */
export function parseTerminalRequest(rawUrl: string): TerminalRequest | null {
  const match = TERMINAL_PATH.exec(rawUrl);
  if (!match) return null;
  const q = rawUrl.indexOf('?');
  const params = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));

  const mode = params.get('mode') || 'exec';
  if (mode !== 'exec' && mode !== 'console') throw badRequest('mode must be "exec" or "console"', 'invalid_mode');
  const project = params.get('project') || 'default';
  if (project.length > 63 || CONTROL_CHARS.test(project) || project.includes('/')) throw badRequest(`"${project}" is not a valid project name`);

  const command = params.get('command') ?? '';
  if (command.length > MAX_COMMAND_LENGTH) throw badRequest(`command is limited to ${MAX_COMMAND_LENGTH} characters`);
  const request: TerminalRequest = {
    daemon: decodeSegment(match[1], 'daemon id'),
    instance: decodeSegment(match[2], 'instance name'),
    project,
    mode,
    command: command.trim(),
    cols: cells(params, 'cols', 80),
    rows: cells(params, 'rows', 24),
    user: id(params, 'user'),
    group: id(params, 'group'),
    cwd: params.get('cwd') || undefined,
    environment: environment(params),
  };
  if (request.cwd !== undefined && (!request.cwd.startsWith('/') || CONTROL_CHARS.test(request.cwd))) {
    throw badRequest('cwd must be an absolute path');
  }
  const execOnly = request.command || request.user !== undefined || request.group !== undefined || request.cwd || params.has('env');
  if (mode === 'console' && execOnly) {
    throw badRequest('command, user, group, cwd and env apply to mode=exec only; a console attaches to what runs on it');
  }
  return request;
}
