import { json, route } from '@/server/http/route';
import { listMembers } from '@/server/infra/members';

/** `GET /api/v1/members?daemon=`: every daemon's members; a daemon that fails is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const daemon = new URL(req.url).searchParams.get('daemon') || undefined;
  return json(await listMembers(s.daemons, { daemon }));
});
