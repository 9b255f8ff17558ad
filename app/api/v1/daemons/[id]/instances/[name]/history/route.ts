import { isHistoryRange, type InstanceHistory } from '@/lib/history';
import { historyIntervalSeconds } from '@/server/history/sampler';
import { HistoryStore } from '@/server/history/store';
import { badRequest } from '@/server/http/errors';
import { json, route } from '@/server/http/route';

type Params = { id: string; name: string };

/** `GET …/history?project=&range=1h|24h`: the instance's sampled usage, oldest point first. */
export const GET = route<Params>({ capability: 'read' }, async ({ req, s, params }) => {
  const query = new URL(req.url).searchParams;
  const range = query.get('range') ?? '1h';
  if (!isHistoryRange(range)) throw badRequest('range must be 1h or 24h', 'invalid_range');
  const daemon = await s.daemons.row(params.id);
  const project = query.get('project') || 'default';
  const points = await new HistoryStore(s.db).instanceSeries({ daemonId: daemon.id, project, name: params.name }, range);
  const body: InstanceHistory = {
    daemon: daemon.id,
    project,
    name: params.name,
    range,
    intervalSeconds: historyIntervalSeconds(),
    points,
  };
  return json(body);
});
