import { route } from '@/server/http/route';
import { ImageServerStore } from '@/server/images/servers';

export const DELETE = route<{ id: string }>({ capability: 'manageImages' }, async ({ s, params, auditDetail }) => {
  const row = await new ImageServerStore(s).remove(params.id);
  auditDetail({ imageServer: row.name, url: row.url });
  return new Response(null, { status: 204 });
});
