import { clientAddress, type HeaderSource } from '../auth/principal';
import { ApiError, notFound } from '../http/errors';
import { errorResponse, publicRoute } from '../http/route';
import type { Services } from '../services';
import type { ShareRow } from './store';

export class ShareThrottled extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'too_many_attempts', `Too many unknown share links from this address; try again in ${retryAfter} s.`);
  }
}

/**
 * Opens a share link for a request without login: the token is the only credential. A client
 * that keeps presenting unknown tokens is refused (429) for everything until the window passes,
 * so a lucky guess cannot be told from a miss.
 */
export async function openShare(s: Services, token: string, headers: HeaderSource): Promise<ShareRow> {
  const client = clientAddress(headers);
  const wait = s.shareThrottle.retryAfter(client, undefined);
  if (wait > 0) throw new ShareThrottled(wait);
  const found = await s.shares.lookup(token);
  if ('share' in found) return found.share;
  if (found.gone === 'unknown') {
    s.shareThrottle.fail(client, undefined);
    throw notFound('no such share link');
  }
  throw new ApiError(410, `share_${found.gone}`, `this share link has ${found.gone === 'revoked' ? 'been revoked' : 'expired'}`);
}

/** Every share response: never cached, never indexed. */
export const SHARE_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'x-robots-tag': 'noindex, nofollow',
};

/** Adds SHARE_HEADERS (and Retry-After when throttled) to a route handler's every response. */
export function withShareHeaders<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    const response = await handler(...args);
    for (const [name, value] of Object.entries(SHARE_HEADERS)) {
      // A stream that already says no-store (with no-transform) keeps its own.
      if (name === 'cache-control' && response.headers.get(name)?.includes('no-store')) continue;
      response.headers.set(name, value);
    }
    return response;
  };
}

/**
 * A route under /api/v1/shares/<token>/ for the public: opens the link (404, 410, 429 with
 * Retry-After), runs the handler with it, and marks every response like SHARE_HEADERS says.
 */
export function publicShareRoute(
  handler: (ctx: { req: Request; s: Services; share: ShareRow; token: string }) => Promise<Response>,
) {
  return withShareHeaders(
    publicRoute<{ share: string }>(async ({ req, s, params }) => {
      try {
        const share = await openShare(s, params.share, req.headers);
        return await handler({ req, s, share, token: params.share });
      } catch (error) {
        if (error instanceof ShareThrottled) return errorResponse(error, { 'retry-after': String(error.retryAfter) });
        throw error;
      }
    }),
  );
}
