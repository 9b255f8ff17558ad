import { parseCopyBody, planCopy } from '@/server/copy/plan';
import { runCopy, taskEndpoints } from '@/server/copy/run';
import { json, readBody, route } from '@/server/http/route';

type Params = { id: string; name: string };

/**
 * `POST /api/v1/daemons/{id}/instances/{name}/copy?project=&dryRun=1` (admin)
 * `{"to":{"daemon","project"?,"name"?,"target"?,"pool"?},"move"?,"snapshots"?,"stop"?,"start"?}`:
 * checks everything first, then copies or moves the instance as a task → 202 `{"task"}`.
 * With `dryRun=1` only the checks run → 200 `{"preflight":{"ok":true,"method"}}`.
 */
export const POST = route<Params>({ capability: 'manageInstances' }, async ({ req, s, principal, params, auditDaemon, auditDetail }) => {
  const query = new URL(req.url).searchParams;
  const project = query.get('project') || 'default';
  const dryRun = query.get('dryRun') === '1' || query.get('dryRun') === 'true';
  const request = parseCopyBody(await readBody(req));
  auditDetail({
    action: request.move ? 'instance.move' : 'instance.copy',
    source: { daemon: params.id, project, instance: params.name },
    target: request.to,
    ...(dryRun ? { dryRun: true } : {}),
  });
  const plan = await planCopy(s, params.id, params.name, project, request);
  const ends = taskEndpoints(plan);
  auditDaemon(plan.source.row.id === plan.to.row.id ? plan.source.row.name : `${plan.source.row.name} → ${plan.to.row.name}`);
  auditDetail({ source: ends.source, target: ends.target, method: plan.method });
  if (dryRun) return json({ preflight: { ok: true, method: plan.method, running: plan.instance.status !== 'Stopped' } });
  const task = await s.tasks.run(
    { kind: plan.move ? 'instance.move' : 'instance.copy', user: principal.username, ...ends },
    (ctx) => runCopy(plan, ctx),
  );
  auditDetail({ task: task.id });
  return json({ task }, 202);
});
