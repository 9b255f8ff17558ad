import { login } from '@/server/auth/login';
import { clientAddress } from '@/server/auth/principal';
import { toApiError } from '@/server/http/errors';
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
  const who = { username: user.username, role: user.role, method: 'POST', target: '/api/v1/auth/token', action: 'token.create' };
  let auditId: string | undefined;
  try {
    // Recorded first: a token whose creation cannot be recorded is not made.
    auditId = await s.audit.begin(who);
    const { token, row } = await s.tokens.create(user.id, { name: body.name, expiresInDays: body.expiresInDays, never: body.never });
    const expiresAt = row.expires_at === null ? null : new Date(row.expires_at).toISOString();
    await s.audit.finish(auditId, {
      status: 201,
      durationMs: performance.now() - started,
      details: { name: row.name, expiresAt: expiresAt ?? 'never' },
      detail: { event: 'token.created', tokenId: row.id, name: row.name },
    });
    return json({ token, expiresAt }, 201);
  } catch (error) {
    const e = toApiError(error);
    if (auditId) await s.audit.finish(auditId, { status: e.status, durationMs: performance.now() - started });
    return errorResponse(e);
  }
});
