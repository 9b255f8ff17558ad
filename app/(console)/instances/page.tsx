import type { Metadata } from 'next';
import { FleetPage } from '@/components/instances/fleet-page';

export const metadata: Metadata = { title: 'Instances' };

export default function InstancesPage() {
  return <FleetPage />;
}
