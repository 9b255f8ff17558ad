import type { Metadata } from 'next';
import { FleetSnapshotsPage } from '@/components/snapshots/fleet-snapshots-page';

export const metadata: Metadata = { title: 'Snapshots' };

export default function Snapshots() {
  return <FleetSnapshotsPage />;
}
