import { route } from '@/server/http/route';

export const DELETE = route<{ id: string }>({ capability: 'read' }, async ({ s, principal, params, auditDetail }) => {
  await s.tokens.revoke(principal.userId, params.id);
  auditDetail({ event: 'token.revoked', tokenId: params.id });
  return new Response(null, { status: 204 });
});
