import { json, route } from '@/server/http/route';
import { ImageServerStore } from '@/server/images/servers';

export const GET = route<{ id: string }>({ capability: 'read' }, async ({ s, params }) => json(await new ImageServerStore(s).images(params.id)));
