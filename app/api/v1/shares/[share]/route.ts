import { route } from '@/server/http/route';
import { withShareHeaders } from '@/server/shares/access';
import { ShareStore } from '@/server/shares/store';

/** Revokes a share link by id, at once: its next request is refused. */
export const DELETE = withShareHeaders(
  route<{ share: string }>({ capability: 'manageShares' }, async ({ s, params, auditDetail }) => {
    const row = await new ShareStore(s.db, s.daemons).revoke(params.share);
    auditDetail({ event: 'share.revoked', shareId: row.id, name: row.name });
    return new Response(null, { status: 204 });
  }),
);
