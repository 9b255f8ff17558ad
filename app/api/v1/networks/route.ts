import { json, route } from '@/server/http/route';
import { listNetworks } from '@/server/infra/networks';

/** `GET /api/v1/networks?daemon=`: every daemon's networks; a daemon that fails is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const daemon = new URL(req.url).searchParams.get('daemon') || undefined;
  return json(await listNetworks(s.daemons, { daemon }));
});
