import type { Metadata } from 'next';
import { DaemonsPage } from '@/components/daemons/daemons-page';

export const metadata: Metadata = { title: 'Daemons' };

export default function Daemons() {
  return <DaemonsPage />;
}
