'use client';
import Link from 'next/link';
import { useMemo, type ReactNode } from 'react';
import type { FleetInstance } from '@/lib/api-types';
import type { FleetHistory, UsageTrend } from '@/lib/history';
import { instanceKey } from '@/lib/live';
import { formatBytes } from '@/lib/units';
import { formatCores } from '../charts/format';
import { Sparkline } from '../charts/sparkline';
import { instanceHref } from '@/lib/routes';
import { focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';

const TOP = 5;

interface Consumer {
  key: string;
  instance: FleetInstance;
  value: number;
  trend?: (number | null)[];
}

/** The instances using the most CPU (from the last samples) and memory (from the live list). */
export function TopConsumers({
  history,
  instances,
  className,
}: {
  history: FleetHistory | undefined;
  instances: FleetInstance[] | undefined;
  className?: string;
}) {
  const { cpu, memory } = useMemo(() => rank(history, instances ?? []), [history, instances]);
  return (
    <Card className={className}>
      <section aria-labelledby="top-title" className="grid h-full md:grid-cols-2 md:divide-x md:divide-zinc-200 md:dark:divide-zinc-800">
        <h2 id="top-title" className="sr-only">
          Top consumers
        </h2>
        <Ranking
          title="Top CPU"
          rows={cpu}
          format={(v) => `${formatCores(v)} cores`}
          empty={history ? 'No running instance used CPU in the last samples.' : 'Waiting for the first samples…'}
        />
        <Ranking title="Top memory" rows={memory} format={formatBytes} empty="No running instances." />
      </section>
    </Card>
  );
}

function rank(history: FleetHistory | undefined, instances: FleetInstance[]): { cpu: Consumer[]; memory: Consumer[] } {
  const byKey = new Map(instances.map((i) => [instanceKey(i.daemon.id, i.project, i.name), i]));
  const trends = new Map<string, UsageTrend>((history?.trends ?? []).map((t) => [instanceKey(t.daemon, t.project, t.name), t]));
  const cpu: Consumer[] = [];
  for (const [key, trend] of trends) {
    const instance = byKey.get(key);
    const value = trend.latest?.cpu;
    if (instance && instance.status === 'Running' && value !== null && value !== undefined && value > 0) {
      cpu.push({ key, instance, value, trend: trend.cpu });
    }
  }
  const memory: Consumer[] = [];
  for (const [key, instance] of byKey) {
    if (instance.usage.memoryBytes) memory.push({ key, instance, value: instance.usage.memoryBytes, trend: trends.get(key)?.memoryBytes });
  }
  const top = (list: Consumer[]) => list.sort((a, b) => b.value - a.value).slice(0, TOP);
  return { cpu: top(cpu), memory: top(memory) };
}

function Ranking({ title, rows, format, empty }: { title: string; rows: Consumer[]; format: (v: number) => string; empty: ReactNode }) {
  return (
    <div className="min-w-0">
      <h3 className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold dark:border-zinc-800">{title}</h3>
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-[13px] text-zinc-500 dark:text-zinc-400">{empty}</p>
      ) : (
        <ol className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {rows.map(({ key, instance, value, trend }) => (
            <li key={key} className="flex items-center gap-3 px-4 py-2 text-[13px]">
              <div className="min-w-0 flex-1">
                <Link
                  href={instanceHref({ daemonId: instance.daemon.id, project: instance.project, name: instance.name })}
                  className={cx('block truncate rounded font-medium hover:text-indigo-600 hover:underline dark:hover:text-indigo-400', focusRing)}
                >
                  {instance.name}
                </Link>
                <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                  {instance.daemon.name} · {instance.project}
                </p>
              </div>
              {trend && <Sparkline values={trend} label={`${title} of ${instance.name} over the last half hour`} />}
              <span className="w-24 text-right text-zinc-700 tabular-nums dark:text-zinc-300">{format(value)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
