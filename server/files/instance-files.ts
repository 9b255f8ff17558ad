import type http from 'node:http';
import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileEntry, FileListing, FileStat, FileType } from '@/lib/files';
import { baseName, joinPath, parentPath } from '@/lib/files';
import type { LxdInstance } from '@/lib/lxd-types';
import { ApiError, badRequest, conflict } from '../http/errors';
import { describeNetworkError, LxdError } from '../lxd/errors';
import { instancePath, type LimitTarget } from '../limits/target';

/**
 * Files inside an instance through the daemon's `/1.0/instances/{name}/files` API. The daemon
 * resolves every path inside the instance (`..` and symlinks cannot leave it); its refusals come
 * back in its own words.
 */
export type InstanceTarget = LimitTarget;

const STAT_CONCURRENCY = 8;

function filesPath(target: InstanceTarget, path: string): string {
  return `${instancePath(target, '/files')}&path=${encodeURIComponent(path)}`;
}

/** Request headers for a file write: LXD and Incus both accept X-LXD-*; Incus answers X-Incus-*. */
function writeHeaders(meta: { type: FileType; uid?: number; gid?: number; mode?: string }): http.OutgoingHttpHeaders {
  const headers: http.OutgoingHttpHeaders = { 'x-lxd-type': meta.type };
  if (meta.type === 'file') headers['x-lxd-write'] = 'overwrite';
  if (meta.uid !== undefined) headers['x-lxd-uid'] = String(meta.uid);
  if (meta.gid !== undefined) headers['x-lxd-gid'] = String(meta.gid);
  if (meta.mode !== undefined) headers['x-lxd-mode'] = meta.mode;
  return headers;
}

function header(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[`x-lxd-${name}`] ?? headers[`x-incus-${name}`];
  return Array.isArray(value) ? value[0] : value;
}

export function statFromHeaders(headers: http.IncomingHttpHeaders): FileStat {
  const type = header(headers, 'type');
  return {
    type: type === 'directory' || type === 'symlink' ? type : 'file',
    uid: Number(header(headers, 'uid') ?? 0),
    gid: Number(header(headers, 'gid') ?? 0),
    mode: header(headers, 'mode') ?? '0000',
    modified: header(headers, 'modified'),
  };
}

/** One raw request on the daemon's pool; resolves with the response once its headers arrive. */
function open(
  target: InstanceTarget,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders = {},
  body?: Readable,
): Promise<http.IncomingMessage> {
  const { client } = target;
  return new Promise((resolve, reject) => {
    const req = client.rawRequest(client.requestOptions(method, path, headers));
    req.on('error', (error: NodeJS.ErrnoException) =>
      reject(error instanceof LxdError || error instanceof ApiError ? error : describeNetworkError(error, client.endpoint.display)),
    );
    req.on('response', resolve);
    if (!body) return void req.end();
    body.on('error', (error) => req.destroy(error));
    body.pipe(req);
  });
}

async function readAll(res: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Throws the daemon's own words when it refused. */
async function ensureOk(res: http.IncomingMessage): Promise<void> {
  const status = res.statusCode ?? 502;
  if (status < 400) return;
  const text = await readAll(res);
  let message = `the daemon answered ${status}`;
  try {
    const body = JSON.parse(text) as { error?: string };
    if (body.error) message = body.error;
  } catch {
    /* not JSON: keep the status */
  }
  throw new LxdError(status, message);
}

export async function stat(target: InstanceTarget, path: string): Promise<FileStat> {
  const res = await open(target, 'HEAD', filesPath(target, path));
  res.resume();
  if ((res.statusCode ?? 502) >= 400) {
    // HEAD carries no body: ask again to get the daemon's words.
    const again = await open(target, 'GET', filesPath(target, path));
    await ensureOk(again);
    again.destroy();
    throw new LxdError(res.statusCode ?? 502, `${path}: the daemon answered ${res.statusCode}`);
  }
  return statFromHeaders(res.headers);
}

async function statOrNull(target: InstanceTarget, path: string): Promise<FileStat | null> {
  const res = await open(target, 'HEAD', filesPath(target, path));
  res.resume();
  if (res.statusCode === 404) return null;
  if ((res.statusCode ?? 502) >= 400) return stat(target, path);
  return statFromHeaders(res.headers);
}

/** What is at `path`: a file's owner and mode, or a directory with each entry's. */
export async function list(target: InstanceTarget, path: string): Promise<FileListing> {
  const self = await stat(target, path);
  if (self.type !== 'directory') return { path, ...self };
  const reply = await target.client.call<string[]>('GET', filesPath(target, path));
  const names = reply.body.metadata ?? [];
  const entries: FileEntry[] = new Array(names.length);
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const i = next++;
      const entry = await statOrNull(target, joinPath(path, names[i]));
      // An entry that vanished between the listing and its stat is left out.
      if (entry) entries[i] = { name: names[i], ...entry };
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, names.length) }, worker));
  const kept = entries.filter(Boolean);
  kept.sort((a, b) => Number(b.type === 'directory') - Number(a.type === 'directory') || a.name.localeCompare(b.name));
  return { path, ...self, entries: kept };
}

/** The file's bytes as the daemon streams them, with its owner and mode. */
export async function download(target: InstanceTarget, path: string): Promise<{ stat: FileStat; body: http.IncomingMessage }> {
  const res = await open(target, 'GET', filesPath(target, path));
  await ensureOk(res);
  const meta = statFromHeaders(res.headers);
  if (meta.type === 'directory') {
    res.destroy();
    throw badRequest(`${path} is a directory`, 'is_directory');
  }
  return { stat: meta, body: res };
}

export async function makeDirectory(target: InstanceTarget, path: string, meta: { uid?: number; gid?: number; mode?: string }) {
  if (await statOrNull(target, path)) throw conflict(`${path} already exists`, 'exists');
  await target.client.call('POST', filesPath(target, path), { headers: writeHeaders({ type: 'directory', ...meta }) });
}

export async function remove(target: InstanceTarget, path: string): Promise<void> {
  await target.client.call('DELETE', filesPath(target, path));
}

export interface WriteResult {
  path: string;
  bytes: number;
  /** How the upload reached its final name: renamed inside a running instance, or copied over then removed. */
  via: 'rename' | 'copy';
}

/**
 * Writes a file so that nothing half-written ever sits under its final name: the bytes go to a
 * hidden temporary name in the same directory, and only a complete upload (as many bytes as
 * announced) is renamed into place — with `mv` inside a running instance (an atomic rename(2)),
 * or, for a stopped one, by a copy inside the daemon followed by removing the temporary file. The
 * daemon's file API has no rename of its own. A failed or short upload removes the temporary file.
 */
export async function write(
  target: InstanceTarget,
  path: string,
  body: Readable,
  options: { expectedBytes?: number; uid?: number; gid?: number; mode?: string },
): Promise<WriteResult> {
  const name = baseName(path);
  if (!name || name === '.' || name === '..') throw badRequest(`${path} does not name a file`, 'invalid_path');
  const existing = await statOrNull(target, path);
  if (existing?.type === 'directory') throw conflict(`${path} is a directory`, 'is_directory');
  const meta = {
    type: 'file' as const,
    uid: options.uid ?? existing?.uid ?? 0,
    gid: options.gid ?? existing?.gid ?? 0,
    mode: options.mode ?? existing?.mode ?? '0644',
  };
  const temp = joinPath(parentPath(path), `.${name}.hangar-upload-${crypto.randomBytes(4).toString('hex')}`);
  let bytes = 0;
  body.on('data', (chunk: Buffer) => (bytes += chunk.length));
  try {
    const res = await open(target, 'POST', filesPath(target, temp), writeHeaders(meta), body);
    await ensureOk(res);
    res.resume();
    if (!body.readableEnded || (options.expectedBytes !== undefined && bytes !== options.expectedBytes)) {
      throw badRequest(`the upload ended after ${bytes} of ${options.expectedBytes ?? '?'} bytes; nothing was written to ${path}`, 'upload_incomplete');
    }
    const via = await moveIntoPlace(target, temp, path, meta);
    return { path, bytes, via };
  } catch (error) {
    await remove(target, temp).catch(() => undefined);
    if (error instanceof LxdError || error instanceof ApiError) throw error;
    throw badRequest(`the upload failed (${(error as Error).message}); nothing was written to ${path}`, 'upload_incomplete');
  }
}

async function moveIntoPlace(
  target: InstanceTarget,
  temp: string,
  path: string,
  meta: { type: 'file'; uid: number; gid: number; mode: string },
): Promise<'rename' | 'copy'> {
  const instance = await target.client.get<LxdInstance>(instancePath(target));
  if (instance.status === 'Running') {
    const result = await exec(target, ['mv', '-f', '--', temp, path]);
    if (result.code !== 0) throw new LxdError(409, `mv ${temp} ${path} failed with exit code ${result.code}`, 'rename_failed');
    return 'rename';
  }
  const source = await open(target, 'GET', filesPath(target, temp));
  await ensureOk(source);
  const res = await open(target, 'POST', filesPath(target, path), writeHeaders(meta), source);
  await ensureOk(res);
  res.resume();
  await remove(target, temp);
  return 'copy';
}

/** Runs a command in the running instance without a terminal; resolves with its exit code. */
export async function exec(
  target: InstanceTarget,
  command: string[],
  options: { user?: number; cwd?: string } = {},
): Promise<{ code: number }> {
  const metadata = await target.client.run<{ return?: number }>('POST', instancePath(target, '/exec'), {
    command,
    'wait-for-websocket': false,
    interactive: false,
    'record-output': false,
    ...(options.user !== undefined ? { user: options.user } : {}),
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  return { code: Number(metadata?.return ?? -1) };
}

/** A Web request body as a Node stream, for piping to the daemon. */
export function nodeStream(body: ReadableStream<Uint8Array> | null): Readable {
  return body ? Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>) : Readable.from([]);
}
