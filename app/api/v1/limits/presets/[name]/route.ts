import { json, route } from '@/server/http/route';
import { LimitPresets } from '@/server/limits/presets';

type Params = { name: string };

export const GET = route<Params>({ capability: 'read' }, async ({ s, params }) => json(await new LimitPresets(s.db).get(params.name)));

export const DELETE = route<Params>({ capability: 'manageInstances' }, async ({ s, params, auditDetail }) => {
  auditDetail({ preset: params.name });
  await new LimitPresets(s.db).remove(params.name);
  return json({ name: params.name, deleted: true });
});
