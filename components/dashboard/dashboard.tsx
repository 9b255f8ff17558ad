'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import type { FleetInstance } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { useRecentEvents } from '@/lib/api/events';
import { useFleetTrends } from '@/lib/api/history';
import { useFleet } from '@/lib/api/instances';
import { useFleetWarnings } from '@/lib/api/warnings';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';
import { PageHeader } from '../ui/page-header';
import { DaemonHealth } from './daemon-health';
import { RecentActivity } from './recent-activity';
import { TopConsumers } from './top-consumers';

const STATUSES = ['Running', 'Stopped', 'Frozen', 'Error'] as const;

/** The landing page: daemons, instance counts, top consumers and what just happened, all live. */
export function Dashboard() {
  const daemons = useDaemons({ poll: true });
  const fleet = useFleet();
  const trends = useFleetTrends(30);
  const recent = useRecentEvents(200);
  const warnings = useFleetWarnings();
  const instances = fleet.data?.instances;
  const newWarnings = warnings.data?.warnings.filter((w) => w.status === 'new').length;

  return (
    <>
      <PageHeader title="Dashboard" subtitle="Every daemon and instance, updated as things change" />
      {fleet.error && !fleet.data && (
        <Alert kind="error" title="The instances could not be listed" className="mb-4">
          {errorMessage(fleet.error)}
        </Alert>
      )}
      {fleet.data?.errors.map((e) => (
        <Alert key={e.daemon} kind="warning" title={`${e.daemon} did not answer`} className="mb-4">
          {e.message}
        </Alert>
      ))}
      <StatusCounts instances={instances} warnings={newWarnings} />
      <div className="mt-4 grid gap-4 xl:grid-cols-3">
        <DaemonHealth daemons={daemons.data} error={daemons.error} instances={instances} />
        <TopConsumers history={trends.data} instances={instances} className="xl:col-span-2" />
      </div>
      <RecentActivity events={recent.data} error={recent.error} className="mt-4" />
    </>
  );
}

function StatusCounts({ instances, warnings }: { instances: FleetInstance[] | undefined; warnings: number | undefined }) {
  const counts = useMemo(() => {
    const byStatus = new Map<string, number>();
    for (const i of instances ?? []) byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
    return byStatus;
  }, [instances]);
  const other = [...counts.entries()].filter(([s]) => !(STATUSES as readonly string[]).includes(s));
  const tiles: { label: string; value: number | undefined; href: string; tone: string }[] = [
    { label: 'Instances', value: instances?.length, href: '/instances', tone: 'text-zinc-900 dark:text-zinc-50' },
    ...STATUSES.map((status) => ({
      label: status,
      value: instances ? (counts.get(status) ?? 0) : undefined,
      href: `/instances?status=${status}`,
      tone: TONES[status],
    })),
    // New daemon warnings (all daemons); acknowledged ones are not counted.
    { label: 'Warnings', value: warnings, href: '/warnings', tone: warnings ? 'text-amber-600 dark:text-amber-400' : 'text-zinc-900 dark:text-zinc-50' },
  ];
  return (
    <section aria-label="Instances by status" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
      {tiles.map((tile) => (
        <Link key={tile.label} href={tile.href} className={cx('block rounded-lg', focusRing)} data-testid={`count-${tile.label.toLowerCase()}`}>
          <Card className="px-4 py-3 hover:border-zinc-300 dark:hover:border-zinc-700">
            <p className="text-xs text-zinc-500 dark:text-zinc-400">{tile.label}</p>
            <p className={cx('mt-0.5 text-2xl font-semibold tabular-nums', tile.tone)}>{tile.value ?? '–'}</p>
          </Card>
        </Link>
      ))}
      {other.length > 0 && (
        <p className="col-span-full text-xs text-zinc-500">
          Also: {other.map(([status, n]) => `${n} ${status}`).join(', ')}
        </p>
      )}
    </section>
  );
}

const TONES: Record<(typeof STATUSES)[number], string> = {
  Running: 'text-emerald-600 dark:text-emerald-400',
  Stopped: 'text-zinc-600 dark:text-zinc-300',
  Frozen: 'text-sky-600 dark:text-sky-400',
  Error: 'text-red-600 dark:text-red-400',
};
