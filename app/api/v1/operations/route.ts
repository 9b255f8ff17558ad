import { json, route } from '@/server/http/route';
import { listOperations } from '@/server/operations/operations';

/** `GET /api/v1/operations?daemon=`: every daemon's operations; an offline daemon is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s, principal }) => {
  const daemon = new URL(req.url).searchParams.get('daemon') || undefined;
  return json(await listOperations(s.daemons, principal.role, daemon));
});
