import { json, readBody, route } from '@/server/http/route';
import { launchInstance } from '@/server/instances/launch';
import { resolveTarget } from '@/server/limits/target';

/**
 * `POST {"name","image":{"server"?,"alias"|"fingerprint"},"profiles"?,"type"?,"target"?,"config"?,"devices"?,"start"?}` (config cloud-init and device pools/networks are checked first)
 * → 201 once the daemon created (and, with start, started) it. From an image server the daemon pulls the image itself.
 */
export const POST = route<{ id: string }>({ capability: 'manageInstances' }, async ({ req, s, params, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  const target = await resolveTarget(s, params.id, typeof body.name === 'string' ? body.name : '', new URL(req.url).searchParams.get('project'));
  auditDaemon(target.row.name);
  auditDetail({ instance: target.name, project: target.project, image: body.image });
  return json(await launchInstance(s, target, body), 201);
});
