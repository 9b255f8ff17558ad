'use client';
import dynamic from 'next/dynamic';
import { Card } from '../ui/card';
import { Spinner } from '../ui/spinner';

/** The instance History section, with uPlot, fetched only when an Overview shows it. */
export const InstanceHistorySection = dynamic(() => import('./instance-history'), {
  ssr: false,
  loading: () => (
    <Card className="flex items-center gap-2 p-4 text-[13px] text-zinc-500">
      <Spinner /> Loading history…
    </Card>
  ),
});
