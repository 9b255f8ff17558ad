import { json, route } from '@/server/http/route';
import { listWarnings } from '@/server/infra/warnings';

/** `GET /api/v1/warnings?daemon=&status=`: every daemon's warnings; acknowledge them through the gateway. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  return json(await listWarnings(s.daemons, { daemon: p.get('daemon') || undefined, status: p.get('status') || undefined }));
});
