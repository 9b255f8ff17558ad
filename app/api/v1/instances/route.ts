import { eventHub } from '@/server/events/hub';
import { fleetResponse } from '@/server/fleet/response';
import { route } from '@/server/http/route';

/** The fleet list, answered from the live model in memory (server/events/hub.ts). */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  const pick = (k: string) => p.get(k) || undefined;
  const filter = { daemon: pick('daemon'), project: pick('project'), status: pick('status'), q: pick('q'), location: pick('location') };
  const hub = eventHub(s);
  await hub.ready(filter.daemon);
  return fleetResponse(req, hub, () => hub.list(filter));
});
