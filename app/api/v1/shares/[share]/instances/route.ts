import { json } from '@/server/http/route';
import { publicShareRoute } from '@/server/shares/access';
import { sharedInstances } from '@/server/shares/instances';
import { shareScope } from '@/server/shares/store';

/** No login: the share token in the path is the credential. Same shape as GET /api/v1/instances, limited to the scope. */
export const GET = publicShareRoute(async ({ s, share }) => json(await sharedInstances(s.daemons, shareScope(share))));
