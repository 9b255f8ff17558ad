import { json, readBody, route } from '@/server/http/route';
import { ImageServerStore } from '@/server/images/servers';

export const GET = route({ capability: 'read' }, async ({ s }) => json(await new ImageServerStore(s).list()));

/** `{"name","url","protocol","certificate"?}` or `{"daemon","name"?}` → 201. */
export const POST = route({ capability: 'manageImages' }, async ({ req, s, auditDetail }) => {
  const server = await new ImageServerStore(s).create(await readBody(req));
  auditDetail({ imageServer: server.name, url: server.url, protocol: server.protocol });
  return json(server, 201);
});
