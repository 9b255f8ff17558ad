import { route } from '@/server/http/route';
import { withShareHeaders } from '@/server/shares/access';

/** Revokes a share link by id, at once: its next request is refused. */
export const DELETE = withShareHeaders(
  route<{ share: string }>({ capability: 'manageShares' }, async ({ s, params, auditDetail }) => {
    const row = await s.shares.revoke(params.share);
    auditDetail({ event: 'share.revoked', shareId: row.id, name: row.name });
    return new Response(null, { status: 204 });
  }),
);
