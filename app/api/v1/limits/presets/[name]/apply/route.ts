import { json, readBody, route } from '@/server/http/route';
import { bulkApply } from '@/server/limits/bulk';
import { LimitPresets } from '@/server/limits/presets';

type Params = { name: string };

/** `{"targets":[{"daemon","project","name"}]}` → `{"preset","results":[…]}`. */
export const POST = route<Params>({ capability: 'limits' }, async ({ req, s, params, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  const preset = await new LimitPresets(s.db).get(params.name);
  const { results } = await bulkApply(s, { auditDaemon, auditDetail }, { targets: body.targets, limits: preset.limits, preset: preset.name });
  return json({ preset: preset.name, results });
});
