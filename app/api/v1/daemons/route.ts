import { enrollDaemon } from '@/server/daemons/enrollment';
import { json, readBody, route } from '@/server/http/route';

export const GET = route({ capability: 'read' }, async ({ s }) => json(await s.daemons.views()));

export const POST = route({ capability: 'manageDaemons' }, async ({ req, s, auditDaemon }) => {
  const body = await readBody(req);
  if (typeof body.name === 'string') auditDaemon(body.name);
  const row = await enrollDaemon(s.daemons, body, s.config.allowedSockets);
  return json(await s.daemons.view(row, true), 201);
});
