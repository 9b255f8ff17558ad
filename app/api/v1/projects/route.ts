import { json, route } from '@/server/http/route';
import { listProjects } from '@/server/infra/projects';

/** `GET /api/v1/projects?daemon=`: every daemon's projects; a daemon that fails is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const daemon = new URL(req.url).searchParams.get('daemon') || undefined;
  return json(await listProjects(s.daemons, { daemon }));
});
