import { login } from '@/server/auth/login';
import { clientAddress } from '@/server/auth/principal';
import { ApiError, toApiError } from '@/server/http/errors';
import { errorResponse, json, publicRoute, readBody } from '@/server/http/route';

/** Trades a username and password for a personal access token carrying the user's role. */
export const POST = publicRoute(async ({ req, s }) => {
  const body = await readBody(req);
  let user;
  try {
    user = await login(s, body.username, body.password, clientAddress(req.headers), '/api/v1/auth/token');
  } catch (error) {
    const e = toApiError(error);
    return errorResponse(e, e.status === 429 ? { 'retry-after': '60' } : {});
  }
  const started = performance.now();
  try {
    const { token, row } = await s.tokens.create(user.id, { name: body.name, expiresInDays: body.expiresInDays, never: body.never });
    await s.audit.record({
      username: user.username,
      role: user.role,
      method: 'POST',
      target: '/api/v1/auth/token',
      status: 201,
      durationMs: performance.now() - started,
      detail: { event: 'token.created', tokenId: row.id, name: row.name },
    });
    return json({ token, expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString() }, 201);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    throw error;
  }
});
