'use client';
import Link from 'next/link';
import type { DaemonView, FleetInstance } from '@/lib/api-types';
import { useLiveStatus } from '@/lib/api/events';
import { errorMessage } from '@/lib/format';
import { Badge, StatusDot, type Tone } from '../ui/badge';
import { focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';

const HEALTH: Record<DaemonView['status'], Tone> = { online: 'green', offline: 'red', untrusted: 'amber' };

/** Each daemon: reachable or not, what it runs, how many instances, and whether its events stream in. */
export function DaemonHealth({
  daemons,
  error,
  instances,
}: {
  daemons: DaemonView[] | undefined;
  error: unknown;
  instances: FleetInstance[] | undefined;
}) {
  const live = useLiveStatus();
  const counts = new Map<string, { total: number; running: number }>();
  for (const i of instances ?? []) {
    const c = counts.get(i.daemon.id) ?? { total: 0, running: 0 };
    c.total++;
    if (i.status === 'Running') c.running++;
    counts.set(i.daemon.id, c);
  }
  return (
    <Card>
      <section aria-labelledby="daemons-title">
        <header className="flex items-center justify-between border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
          <h2 id="daemons-title" className="text-sm font-semibold">
            Daemons
          </h2>
          <Link href="/daemons" className={cx('rounded text-xs text-indigo-600 hover:underline dark:text-indigo-400', focusRing)}>
            Manage
          </Link>
        </header>
        {error && !daemons ? (
          <p className="px-4 py-3 text-[13px] text-red-700 dark:text-red-300">{errorMessage(error)}</p>
        ) : daemons?.length === 0 ? (
          <p className="px-4 py-6 text-center text-[13px] text-zinc-500">
            No daemons yet.{' '}
            <Link href="/daemons" className="text-indigo-600 hover:underline dark:text-indigo-400">
              Add one
            </Link>
          </p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {(daemons ?? []).map((d) => {
              const feed = live.daemons.find((f) => f.id === d.id);
              const count = counts.get(d.id);
              return (
                <li key={d.id} className="px-4 py-2.5" data-testid="daemon-health" data-daemon={d.name} data-status={d.status}>
                  <div className="flex items-center gap-2">
                    <StatusDot tone={HEALTH[d.status]} />
                    <span className="font-medium">{d.name}</span>
                    <Badge tone={d.kind === 'incus' ? 'orange' : 'indigo'}>
                      {d.kind === 'incus' ? 'Incus' : 'LXD'} {d.version}
                    </Badge>
                    {d.clustered && <Badge tone="violet">cluster of {d.members?.length ?? '?'}</Badge>}
                    <span className="ml-auto text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
                      {count ? `${count.running}/${count.total} running` : ''}
                    </span>
                  </div>
                  <p className="mt-0.5 truncate pl-4 text-xs text-zinc-500 dark:text-zinc-400" title={d.error ?? feed?.error}>
                    {d.status !== 'online'
                      ? (d.error ?? d.status)
                      : feed?.state === 'connected'
                        ? 'Events live'
                        : feed
                          ? `Events ${feed.state}${feed.error ? `: ${feed.error}` : ''}`
                          : d.url}
                  </p>
                  {d.members && d.members.some((m) => m.status !== 'Online') && (
                    <p className="mt-0.5 pl-4 text-xs text-amber-700 dark:text-amber-300">
                      {d.members
                        .filter((m) => m.status !== 'Online')
                        .map((m) => `${m.name}: ${m.status}`)
                        .join(', ')}
                    </p>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </Card>
  );
}
