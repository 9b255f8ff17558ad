import { toPublicUser } from '@/server/auth/users';
import { json, readBody, route } from '@/server/http/route';
import type { Role } from '@/lib/roles';

export const GET = route({ capability: 'manageUsers' }, async ({ s }) => json((await s.users.list()).map(toPublicUser)));

export const POST = route({ capability: 'manageUsers' }, async ({ req, s, auditDetail }) => {
  const body = await readBody(req);
  const user = await s.users.create({
    username: String(body.username ?? ''),
    password: body.password as string,
    role: body.role as Role,
  });
  auditDetail({ event: 'user.created', username: user.username, newRole: user.role });
  return json(toPublicUser(user), 201);
});
