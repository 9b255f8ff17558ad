import { json, route } from '@/server/http/route';
import { listSnapshots } from '@/server/snapshots/list';

/** `GET /api/v1/snapshots?daemon=`: every instance's snapshots on every daemon; manage them through the gateway. */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const p = new URL(req.url).searchParams;
  return json(await listSnapshots(s, { daemon: p.get('daemon') || undefined }));
});
