import { toCsv } from '@/lib/csv';
import { badRequest } from '@/server/http/errors';
import { json, route } from '@/server/http/route';

export const GET = route({ capability: 'readAudit' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  const since = p.get('since');
  const sinceMs = since ? Date.parse(since) : undefined;
  if (since && Number.isNaN(sinceMs)) throw badRequest('since must be an ISO 8601 date or time', 'invalid_since');
  const limit = p.get('limit') ? Number(p.get('limit')) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw badRequest('limit must be a positive whole number', 'invalid_limit');
  const rows = await s.audit.query({
    user: p.get('user') || undefined,
    action: p.get('action') || undefined,
    daemon: p.get('daemon') || undefined,
    since: sinceMs,
    limit,
  });
  if (p.get('format') === 'csv') {
    // New columns go last, so a reader of the older export finds every column where it was.
    const columns = ['at', 'user', 'role', 'daemon', 'method', 'target', 'status', 'durationMs', 'action', 'instance', 'details'] as const;
    return new Response(toCsv(columns, rows), {
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="hangar-audit.csv"' },
    });
  }
  return json(rows);
});
