import { json, readBody, route } from '@/server/http/route';
import { LimitPresets } from '@/server/limits/presets';

export const GET = route({ capability: 'read' }, async ({ s }) => json(await new LimitPresets(s.db).list()));

/** `{"name","description"?,"limits":{…}}` → 201 preset. */
export const POST = route({ capability: 'manageInstances' }, async ({ req, s, principal, auditDetail }) => {
  const body = await readBody(req);
  auditDetail({ preset: body.name, limits: body.limits });
  return json(await new LimitPresets(s.db).create(body, principal.username), 201);
});
