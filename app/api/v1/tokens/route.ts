import { toPublicToken } from '@/server/auth/tokens';
import { json, readBody, route } from '@/server/http/route';

/** The caller's own personal access tokens. */
export const GET = route({ capability: 'read' }, async ({ s, principal }) =>
  json((await s.tokens.listForUser(principal.userId)).map(toPublicToken)),
);

export const POST = route({ capability: 'read' }, async ({ req, s, principal, auditDetail }) => {
  const body = await readBody(req);
  const { token, row } = await s.tokens.create(principal.userId, { name: body.name, expiresInDays: body.expiresInDays, never: body.never });
  auditDetail({ event: 'token.created', tokenId: row.id, name: row.name });
  // The secret is shown this once; only its hash is stored.
  return json({ ...toPublicToken(row), token }, 201);
});
