import type { Metadata } from 'next';
import { Dashboard } from '@/components/dashboard/dashboard';

export const metadata: Metadata = { title: 'Dashboard' };

/** The landing page: the fleet at a glance, live. */
export default function Home() {
  return <Dashboard />;
}
