import { setRootPassword, validatePassword } from '@/server/files/access';
import { json, readBody, route } from '@/server/http/route';
import { resolveTarget } from '@/server/limits/target';

type Params = { id: string; name: string };

/** `POST {"password"}`: sets root's password inside the running instance. The password is never recorded. */
export const POST = route<Params>({ capability: 'files' }, async ({ req, s, params, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  const password = validatePassword(body.password);
  const target = await resolveTarget(s, params.id, params.name, new URL(req.url).searchParams.get('project'));
  auditDaemon(target.row.name);
  auditDetail({ instance: target.name, project: target.project, user: 'root' });
  await setRootPassword(target, password);
  return json({ user: 'root', changed: true });
});
