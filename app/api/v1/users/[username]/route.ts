import { toPublicUser } from '@/server/auth/users';
import { json, readBody, route } from '@/server/http/route';

type Params = { username: string };

export const PATCH = route<Params>({ capability: 'manageUsers' }, async ({ req, s, params, auditDetail }) => {
  const body = await readBody(req);
  const user = await s.users.update(params.username, { role: body.role, password: body.password, disabled: body.disabled });
  auditDetail({ event: 'user.updated', username: user.username, fields: Object.keys(body) });
  return json(toPublicUser(user));
});

export const DELETE = route<Params>({ capability: 'manageUsers' }, async ({ s, params, auditDetail }) => {
  await s.users.remove(params.username);
  auditDetail({ event: 'user.deleted', username: params.username });
  return new Response(null, { status: 204 });
});
