import { json, route } from '@/server/http/route';
import { listStorage } from '@/server/infra/storage';

/** `GET /api/v1/storage?daemon=`: every daemon's storage; a daemon that fails is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const daemon = new URL(req.url).searchParams.get('daemon') || undefined;
  return json(await listStorage(s.daemons, { daemon }));
});
