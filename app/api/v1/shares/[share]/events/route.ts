import { publicShareRoute } from '@/server/shares/access';
import { shareEventStream } from '@/server/shares/events';

export const dynamic = 'force-dynamic';

/** No login: Server-Sent Events about the shared instances, for the share page to refresh at once. */
export const GET = publicShareRoute(async ({ req, s, share, token }) => shareEventStream(req, s, share, token));
