import { json, route } from '@/server/http/route';

export const GET = route({ capability: 'read' }, async ({ principal }) =>
  json({ username: principal.username, role: principal.role }),
);
