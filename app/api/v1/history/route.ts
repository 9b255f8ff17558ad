import { historyIntervalSeconds } from '@/server/history/sampler';
import { HistoryStore } from '@/server/history/store';
import { badRequest } from '@/server/http/errors';
import { json, route } from '@/server/http/route';

const MAX_MINUTES = 180;

/**
 * `GET /api/v1/history?minutes=30`: every instance's CPU and memory per minute over the last
 * minutes, and its newest sample (sparklines in the fleet list, top consumers on the dashboard).
 */
export const GET = route({ capability: 'read' }, async ({ req, s }) => {
  const raw = new URL(req.url).searchParams.get('minutes');
  const minutes = raw === null ? 30 : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_MINUTES) {
    throw badRequest(`minutes must be a whole number from 1 to ${MAX_MINUTES}`);
  }
  const interval = historyIntervalSeconds();
  // "Newest" means from the last three rounds: an instance stopped since has no latest sample.
  const freshMs = Math.max(3 * interval, 30) * 1000;
  return json(await new HistoryStore(s.db).fleetTrends(minutes, freshMs, interval));
});
