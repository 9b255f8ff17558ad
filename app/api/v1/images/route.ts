import { json, route } from '@/server/http/route';
import { listImages } from '@/server/images/list';

/** `GET /api/v1/images?daemon=&project=`: every daemon's images; an offline daemon is reported in `errors`. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  return json(await listImages(s.daemons, { daemon: p.get('daemon') || undefined, project: p.get('project') || undefined }));
});
