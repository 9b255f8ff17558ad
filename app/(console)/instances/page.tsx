import type { Metadata } from 'next';
import { FleetPage } from '@/components/instances/fleet-page';
import { viewFromParams } from '@/components/instances/fleet-view';
// A server component: the first rows come from the server's live model (server-only).
// eslint-disable-next-line no-restricted-imports
import { fleetFirstPage } from '@/server/fleet/first-page';

export const metadata: Metadata = { title: 'Instances' };

export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const view = viewFromParams((key) => {
    const value = params[key];
    return Array.isArray(value) ? value[0] : value;
  });
  return <FleetPage firstPage={await fleetFirstPage(view)} />;
}
