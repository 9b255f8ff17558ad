import { json, readBody, route } from '@/server/http/route';
import { imageTaskEndpoints, parseCopyRequest, planImageCopy, runImageCopy } from '@/server/images/copy';

/**
 * `POST /api/v1/images/copy` `{"from":{"daemon","fingerprint","project"?},"to":{"daemon","project"?,"aliases"?}}`
 * (admin): checks both ends (404, 409 `image_exists`/`alias_exists`), then copies the image as a
 * task → 202 `{"task"}`: the target daemon pulls it from the source where it can, else Hangar
 * streams it; the task's result is `{"fingerprint","from","to","method","format"?,"bytes"?}`.
 */
export const POST = route({ capability: 'manageImages' }, async ({ req, s, principal, auditDaemon, auditDetail }) => {
  const request = parseCopyRequest(await readBody(req));
  auditDaemon(`${request.daemon} → ${request.to.daemon}`);
  auditDetail({ fingerprint: request.fingerprint, aliases: request.to.aliases });
  const copy = await planImageCopy(s.daemons, request);
  auditDaemon(`${copy.fromRow.name} → ${copy.toRow.name}`);
  const task = await s.tasks.run({ kind: 'image.copy', user: principal.username, ...imageTaskEndpoints(copy) }, (ctx) => runImageCopy(copy, ctx));
  auditDetail({ fingerprint: copy.image.fingerprint, task: task.id });
  return json({ task }, 202);
});
