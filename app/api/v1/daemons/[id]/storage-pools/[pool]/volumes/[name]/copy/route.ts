import { parseVolumeCopyBody, planVolumeCopy, runVolumeCopy, volumeTaskEndpoints } from '@/server/copy/volume';
import { json, readBody, route } from '@/server/http/route';

type Params = { id: string; pool: string; name: string };

/**
 * `POST /api/v1/daemons/{id}/storage-pools/{pool}/volumes/{name}/copy?project=&target=&dryRun=1` (admin)
 * `{"to":{"daemon","pool","project"?,"name"?,"target"?},"snapshots"?}`: checks both ends, then
 * copies the custom volume as a task → 202 `{"task"}`; with `dryRun=1` → 200 `{"preflight":{"ok","method"}}`.
 */
export const POST = route<Params>({ capability: 'manageInfrastructure' }, async ({ req, s, principal, params, auditDaemon, auditDetail }) => {
  const query = new URL(req.url).searchParams;
  const project = query.get('project') || 'default';
  const member = query.get('target') || undefined;
  const dryRun = query.get('dryRun') === '1' || query.get('dryRun') === 'true';
  const request = parseVolumeCopyBody(await readBody(req));
  auditDetail({ action: 'volume.copy', source: { daemon: params.id, pool: params.pool, project, volume: params.name }, target: request.to, ...(dryRun ? { dryRun: true } : {}) });
  const plan = await planVolumeCopy(s, params.id, params.pool, params.name, { project, member }, request);
  const ends = volumeTaskEndpoints(plan);
  auditDaemon(plan.source.row.id === plan.to.row.id ? plan.source.row.name : `${plan.source.row.name} → ${plan.to.row.name}`);
  auditDetail({ source: ends.source, target: ends.target, method: plan.method });
  if (dryRun) return json({ preflight: { ok: true, method: plan.method } });
  const task = await s.tasks.run({ kind: 'volume.copy', user: principal.username, ...ends }, (ctx) => runVolumeCopy(plan, ctx));
  auditDetail({ task: task.id });
  return json({ task }, 202);
});
