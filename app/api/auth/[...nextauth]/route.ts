import NextAuth from 'next-auth';
import { NextRequest } from 'next/server';
import { authOptions } from '@/server/auth/next-auth';
import { readLimited } from '@/server/http/body';
import { ApiError, toApiError } from '@/server/http/errors';
import { errorResponse } from '@/server/http/route';
import { services } from '@/server/services';

async function handler(req: NextRequest, context: { params: Promise<{ nextauth: string[] }> }) {
  const options = authOptions(await services());
  const [action, provider] = (await context.params).nextauth;
  // next-auth answers a GET of the credentials callback with a 500 ("not supported"): it is a 405.
  if (action === 'callback' && provider === 'credentials' && req.method !== 'POST') {
    return errorResponse(new ApiError(405, 'method_not_allowed', 'log in with POST'), { allow: 'POST' });
  }
  let request = req;
  if (req.method === 'POST') {
    // next-auth would read a body of any size; hand it one read under Hangar's body limit.
    try {
      request = new NextRequest(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(await readLimited(req)) });
    } catch (error) {
      return errorResponse(toApiError(error));
    }
  }
  return (NextAuth as unknown as (req: NextRequest, ctx: unknown, o: typeof options) => Promise<Response>)(request, context, options);
}

export { handler as GET, handler as POST };
