import { eventHub } from '@/server/events/hub';
import { fleetResponse } from '@/server/fleet/response';
import { publicShareRoute } from '@/server/shares/access';
import { sharedInstances } from '@/server/shares/instances';
import { shareScope } from '@/server/shares/store';

/** No login: the share token in the path is the credential. Same shape as GET /api/v1/instances, limited to the scope. */
export const GET = publicShareRoute(async ({ req, s, share }) => {
  const hub = eventHub(s);
  await hub.ready();
  return fleetResponse(req, hub, () => sharedInstances(hub, shareScope(share)), `share:${share.id}`);
});
