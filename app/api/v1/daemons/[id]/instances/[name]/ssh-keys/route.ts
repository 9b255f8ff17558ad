import { addAuthorizedKey, parsePublicKey } from '@/server/files/access';
import { badRequest } from '@/server/http/errors';
import { json, readBody, route } from '@/server/http/route';
import { resolveTarget } from '@/server/limits/target';

type Params = { id: string; name: string };

/** `POST {"key","user"?}`: adds an SSH public key to the user's authorized_keys (root by default). */
export const POST = route<Params>({ capability: 'files' }, async ({ req, s, params, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  const key = parsePublicKey(body.key);
  if (body.user !== undefined && typeof body.user !== 'string') throw badRequest('user must be a string', 'invalid_user');
  const target = await resolveTarget(s, params.id, params.name, new URL(req.url).searchParams.get('project'));
  auditDaemon(target.row.name);
  auditDetail({ instance: target.name, project: target.project, user: body.user ?? 'root', key: `${key.type} ${key.fingerprint} ${key.comment}`.trim() });
  const result = await addAuthorizedKey(target, key, body.user ?? 'root');
  return json({ ...result, fingerprint: key.fingerprint }, result.added ? 201 : 200);
});
