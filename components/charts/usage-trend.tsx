'use client';
import type { FleetHistory, UsageTrend } from '@/lib/history';
import { useFleetTrends } from '@/lib/api/history';
import { instanceKey } from '@/lib/live';
import { useCallback } from 'react';
import { formatCores } from './format';
import { Sparkline } from './sparkline';

const TREND_MINUTES = 30;
const indexes = new WeakMap<FleetHistory, Map<string, UsageTrend>>();

/** One lookup table per answer, however many rows ask. */
function trendOf(history: FleetHistory, key: string): UsageTrend | undefined {
  let index = indexes.get(history);
  if (!index) {
    index = new Map(history.trends.map((t) => [instanceKey(t.daemon, t.project, t.name), t]));
    indexes.set(history, index);
  }
  return index.get(key);
}

/**
 * Every instance's CPU trend in one query for a whole table: the table subscribes once and hands
 * each row its own trend, instead of one subscription per rendered row.
 */
export function useCpuTrends(): (daemonId: string, project: string, name: string) => UsageTrend | undefined {
  const { data } = useFleetTrends(TREND_MINUTES);
  return useCallback((daemonId, project, name) => (data ? trendOf(data, instanceKey(daemonId, project, name)) : undefined), [data]);
}

/** The instance's CPU over the last half hour, for a fleet table cell (its trend from useCpuTrends). */
export function CpuTrend({ trend, name }: { trend: UsageTrend | undefined; name: string }) {
  if (!trend) return <span className="text-zinc-400">—</span>;
  const now = trend.latest?.cpu;
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="cpu-trend">
      <Sparkline values={trend.cpu} label={`CPU of ${name} over the last ${TREND_MINUTES} minutes`} />
      <span className="w-12 text-right text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        {now === null || now === undefined ? '—' : formatCores(now)}
      </span>
    </span>
  );
}
