import { Readable } from 'node:stream';
import { parseMode } from '@/lib/files';
import { badRequest } from '@/server/http/errors';
import { json, route, type RouteContext } from '@/server/http/route';
import { download, list, makeDirectory, nodeStream, remove, write } from '@/server/files/instance-files';
import { resolveTarget } from '@/server/limits/target';

type Params = { id: string; name: string };

/** The instance and the `path` every method here needs, named in the audit record. */
async function targetOf({ req, s, params, auditDaemon, auditDetail }: RouteContext<Params>) {
  const query = new URL(req.url).searchParams;
  const path = query.get('path');
  if (!path || !path.startsWith('/')) throw badRequest('path must be an absolute path inside the instance', 'invalid_path');
  const target = await resolveTarget(s, params.id, params.name, query.get('project'));
  auditDaemon(target.row.name);
  auditDetail({ instance: target.name, project: target.project, path });
  return { target, path, query };
}

function owner(query: URLSearchParams) {
  const num = (key: string) => {
    const value = query.get(key);
    if (value === null || value === '') return undefined;
    if (!/^\d+$/.test(value)) throw badRequest(`${key} must be a number`, 'invalid_owner');
    return Number(value);
  };
  const rawMode = query.get('mode');
  const mode = rawMode ? parseMode(rawMode) : undefined;
  if (mode === null) throw badRequest('mode must be octal permissions such as 0644', 'invalid_mode');
  return { uid: num('uid'), gid: num('gid'), mode };
}

/** `?path=` → the listing (JSON); `?path=&content=1` → the file's bytes as a download. */
export const GET = route<Params>({ capability: 'files', insideInstance: true }, async (ctx) => {
  const { target, path, query } = await targetOf(ctx);
  if (!query.get('content')) return json(await list(target, path));
  const { stat, body } = await download(target, path);
  const name = path.split('/').pop() || 'file';
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
    'x-hangar-file-uid': String(stat.uid),
    'x-hangar-file-gid': String(stat.gid),
    'x-hangar-file-mode': stat.mode,
  };
  const length = body.headers['content-length'];
  if (length) headers['content-length'] = String(length);
  return new Response(Readable.toWeb(body) as ReadableStream, { headers });
});

/**
 * `?path=&type=directory` makes a directory; otherwise the body is the file's bytes, written so
 * that a failed upload leaves nothing under the final name (`write`).
 */
export const POST = route<Params>({ capability: 'files', insideInstance: true }, async (ctx) => {
  const { target, path, query } = await targetOf(ctx);
  const meta = owner(query);
  if (query.get('type') === 'directory') {
    await makeDirectory(target, path, meta);
    return json({ path, type: 'directory' }, 201);
  }
  const length = ctx.req.headers.get('content-length');
  const result = await write(target, path, nodeStream(ctx.req.body), {
    ...meta,
    expectedBytes: length ? Number(length) : undefined,
  });
  ctx.auditDetail({ bytes: result.bytes });
  return json(result, 201);
});

export const DELETE = route<Params>({ capability: 'files', insideInstance: true }, async (ctx) => {
  const { target, path } = await targetOf(ctx);
  await remove(target, path);
  return new Response(null, { status: 204 });
});
