import { listFleet } from '@/server/fleet/fleet';
import { json, route } from '@/server/http/route';

export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  const pick = (k: string) => p.get(k) || undefined;
  return json(
    await listFleet(s.daemons, { daemon: pick('daemon'), project: pick('project'), status: pick('status'), q: pick('q'), location: pick('location') }),
  );
});
