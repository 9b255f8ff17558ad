import { json, readBody, route } from '@/server/http/route';

type Params = { id: string };

export const GET = route<Params>({ capability: 'read' }, async ({ s, params }) => {
  const view = await s.daemons.view(await s.daemons.row(params.id), true);
  // The daemon refused Hangar: the live fleet stops showing what it held of it as current.
  if (view.status === 'untrusted') await s.events.recheck(view.id);
  return json(view);
});

export const PATCH = route<Params>({ capability: 'manageDaemons' }, async ({ req, s, params, auditDaemon }) => {
  const body = await readBody(req);
  const row = await s.daemons.rename(params.id, body.name);
  auditDaemon(row.name);
  return json(await s.daemons.view(row, true));
});

export const DELETE = route<Params>({ capability: 'manageDaemons' }, async ({ s, params, auditDaemon, auditDetail }) => {
  const { row, untrusted, warning } = await s.daemons.remove(params.id);
  auditDaemon(row.name);
  auditDetail({ untrusted, ...(warning ? { warning } : {}) });
  return json({ id: row.id, name: row.name, untrusted, ...(warning ? { warning } : {}) });
});
