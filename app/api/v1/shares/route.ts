import { json, readBody, route } from '@/server/http/route';
import { withShareHeaders } from '@/server/shares/access';
import { shareUrl, toShareView } from '@/server/shares/store';

/** The share links (without their secrets). */
export const GET = withShareHeaders(
  route({ capability: 'manageShares' }, async ({ s }) => json((await s.shares.list()).map(toShareView))),
);

/** `{"name","scope","expiresAt"?}` → 201 `{"id","token","url","expiresAt"}`; the secret is shown this once. */
export const POST = withShareHeaders(
  route({ capability: 'manageShares' }, async ({ req, s, principal, auditDetail }) => {
    const body = await readBody(req);
    const { row, token } = await s.shares.create(body, principal.username);
    auditDetail({ event: 'share.created', shareId: row.id, name: row.name, scope: JSON.parse(row.scope) as unknown });
    return json({ id: row.id, token, url: shareUrl(token), expiresAt: new Date(row.expires_at).toISOString() }, 201);
  }),
);
