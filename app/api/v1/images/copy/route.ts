import { json, readBody, route } from '@/server/http/route';
import { copyImage, parseCopyRequest } from '@/server/images/copy';

/**
 * `POST /api/v1/images/copy` `{"from":{"daemon","fingerprint","project"?},"to":{"daemon","project"?,"aliases"?}}`
 * (admin): Hangar streams the image from one daemon into the other → 201 with the copy's fingerprint.
 */
export const POST = route({ capability: 'manageImages' }, async ({ req, s, auditDaemon, auditDetail }) => {
  const plan = parseCopyRequest(await readBody(req));
  auditDaemon(`${plan.daemon} → ${plan.to.daemon}`);
  auditDetail({ fingerprint: plan.fingerprint, aliases: plan.to.aliases });
  const result = await copyImage(s.daemons, plan);
  auditDaemon(`${result.from.daemon} → ${result.to.daemon}`);
  auditDetail({ format: result.format, bytes: result.bytes });
  return json(result, 201);
});
