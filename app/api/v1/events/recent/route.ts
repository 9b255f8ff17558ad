import { eventHub } from '@/server/events/hub';
import { audienceOf } from '@/server/events/visibility';
import { badRequest } from '@/server/http/errors';
import { json, route } from '@/server/http/route';

export const dynamic = 'force-dynamic';

const MAX = 500;

/** `GET /api/v1/events/recent?limit=`: the latest live events the caller may see, oldest first. */
export const GET = route({ capability: 'read' }, async ({ req, s, principal }) => {
  const raw = new URL(req.url).searchParams.get('limit');
  const limit = raw === null ? 100 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX) throw badRequest(`limit must be a whole number from 1 to ${MAX}`);
  return json(eventHub(s).recent(audienceOf(principal.role), limit));
});
