import { errorResponse, json, publicRoute } from '@/server/http/route';
import { openShare, ShareThrottled, withShareHeaders } from '@/server/shares/access';
import { sharedInstances } from '@/server/shares/instances';
import { shareScope } from '@/server/shares/store';

/** No login: the share token in the path is the credential. Same shape as GET /api/v1/instances. */
export const GET = withShareHeaders(
  publicRoute<{ share: string }>(async ({ req, s, params }) => {
    try {
      const share = await openShare(s, params.share, req.headers);
      return json(await sharedInstances(s.daemons, shareScope(share)));
    } catch (error) {
      if (error instanceof ShareThrottled) return errorResponse(error, { 'retry-after': String(error.retryAfter) });
      throw error;
    }
  }),
);
