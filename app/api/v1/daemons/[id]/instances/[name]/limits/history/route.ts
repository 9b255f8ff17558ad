import { json, route } from '@/server/http/route';
import { limitHistory } from '@/server/limits/history';

type Params = { id: string; name: string };

/** The limit changes of one instance, from the audit log (newest first). */
export const GET = route<Params>({ capability: 'read' }, async ({ req, s, params }) => {
  const query = new URL(req.url).searchParams;
  const row = await s.daemons.row(params.id);
  const limit = Math.min(Math.max(Number(query.get('limit')) || 50, 1), 500);
  return json(await limitHistory(s.db, { daemonId: row.id, project: query.get('project') || 'default', name: params.name }, limit));
});
