import { json, readBody, route } from '@/server/http/route';
import { applyLimits } from '@/server/limits/apply';
import { errorSummary } from '@/server/limits/errors';
import { readLimitsState } from '@/server/limits/state';
import { daemonKind, resolveTarget } from '@/server/limits/target';
import { requireValidChanges } from '@/server/limits/validate';

type Params = { id: string; name: string };

const projectOf = (req: Request) => new URL(req.url).searchParams.get('project');

export const GET = route<Params>({ capability: 'read' }, async ({ req, s, params }) => {
  const target = await resolveTarget(s, params.id, params.name, projectOf(req));
  return json(await readLimitsState(target));
});

export const PATCH = route<Params>({ capability: 'limits' }, async ({ req, s, params, auditDaemon, auditDetail }) => {
  const body = await readBody(req);
  const target = await resolveTarget(s, params.id, params.name, projectOf(req));
  auditDaemon(target.row.name);
  auditDetail({ daemonId: target.row.id, project: target.project, instance: target.name, requested: body.limits });
  try {
    const changes = requireValidChanges(body.limits, { kind: daemonKind(target.row) });
    const result = await applyLimits(target, changes);
    auditDetail({ changes: result.changes });
    return json(result);
  } catch (error) {
    auditDetail({ error: errorSummary(error) });
    throw error;
  }
});
