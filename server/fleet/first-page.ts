import 'server-only';
import { filterAndSort, summarize, type FleetFirstPage, type FleetView } from '@/components/instances/fleet-view';
import { can } from '@/lib/roles';
import { pageSession } from '../auth/page-session';
import { eventHub } from '../events/hub';
import { services } from '../services';

/** Enough rows for a tall screen and the virtualizer's overscan; the rest come with the full list. */
export const FIRST_PAGE_ROWS = 60;

/**
 * The fleet page's first rows for `view`, from the live model in memory, so the server-rendered
 * page shows them before the browser has fetched (and parsed) the whole list. The same checks as
 * `GET /api/v1/instances`: a signed-in user who may read; undefined otherwise.
 */
export async function fleetFirstPage(view: FleetView): Promise<FleetFirstPage | undefined> {
  const principal = await pageSession();
  if (!principal || !can(principal.role, 'read')) return undefined;
  const hub = eventHub(await services());
  await hub.ready();
  const { instances, errors } = hub.list({});
  const rows = filterAndSort(instances, view);
  return { instances: rows.slice(0, FIRST_PAGE_ROWS), errors, matching: rows.length, summary: summarize(instances) };
}
