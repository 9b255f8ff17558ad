'use client';
import dynamic from 'next/dynamic';
import { Card } from '../ui/card';
import { Loading } from '../ui/query-state';

/** The instance History section, with uPlot, fetched only when an Overview shows it. */
export const InstanceHistorySection = dynamic(() => import('./instance-history'), {
  ssr: false,
  loading: () => (
    <Card>
      <Loading what="history" />
    </Card>
  ),
});
