import { json, readBody, route } from '@/server/http/route';
import { bulkApply } from '@/server/limits/bulk';

/** `{"targets":[{"daemon","project","name"}],"limits":{…}}` → `{"results":[…]}`, one per target. */
export const POST = route({ capability: 'limits' }, async ({ req, s, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  return json(await bulkApply(s, { auditDaemon, auditDetail }, { targets: body.targets, limits: body.limits }));
});
