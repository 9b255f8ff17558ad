'use client';
import { useMemo, useState } from 'react';
import { useInstanceHistory } from '@/lib/api/history';
import type { InstanceRef } from '@/lib/api/instances';
import { errorMessage } from '@/lib/format';
import { HISTORY_RANGES, type HistoryRange } from '@/lib/history';
import { formatBytes } from '@/lib/units';
import { Alert } from '../ui/alert';
import { focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';
import { hasValues, toColumns } from './columns';
import { formatCores, formatRate } from './format';
import { UsageChart, type ChartSeries } from './usage-chart';
import { Loading } from '../ui/query-state';
import { Section } from '../ui/section';

const INDIGO = '#6366f1';
const EMERALD = '#10b981';
const AMBER = '#f59e0b';
const SKY = '#0ea5e9';
const BUCKET_MS = 60_000;

/**
 * The History section of an instance's Overview: CPU, memory, processes, network and disk over
 * the last hour (every sample) or day (per-minute averages), from Hangar's own sampling.
 * Default export: loaded with next/dynamic so uPlot stays out of every other page.
 */
export default function InstanceHistory(ref: InstanceRef) {
  const [range, setRange] = useState<HistoryRange>('1h');
  const history = useInstanceHistory(ref, range);
  const data = history.data;
  const stepMs = range === '1h' ? (data?.intervalSeconds ?? 10) * 1000 : BUCKET_MS;
  const columns = useMemo(() => toColumns(data?.points ?? [], stepMs), [data, stepMs]);

  const charts = useMemo(() => {
    const one = (label: string, values: (number | null)[], color: string): ChartSeries[] => [{ label, values, color }];
    const list: { title: string; series: ChartSeries[]; format: (v: number) => string }[] = [
      { title: 'CPU (cores)', series: one('CPU', columns.cpu, INDIGO), format: formatCores },
      { title: 'Memory', series: one('Memory', columns.memoryBytes, EMERALD), format: formatBytes },
      { title: 'Processes', series: one('Processes', columns.processes, AMBER), format: (v) => String(Math.round(v)) },
    ];
    if (hasValues(columns.networkRxBps) || hasValues(columns.networkTxBps)) {
      list.push({
        title: 'Network',
        series: [
          { label: 'Received', values: columns.networkRxBps, color: SKY },
          { label: 'Sent', values: columns.networkTxBps, color: INDIGO },
        ],
        format: formatRate,
      });
    }
    if (hasValues(columns.diskBytes)) list.push({ title: 'Root disk', series: one('Disk', columns.diskBytes, SKY), format: formatBytes });
    return list;
  }, [columns]);

  return (
    <Card className="p-4">
      <Section
        title="History"
        actions={
          <div role="group" aria-label="Time range" className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
            {HISTORY_RANGES.map((r) => (
              <button
                key={r}
                type="button"
                aria-pressed={r === range}
                onClick={() => setRange(r)}
                className={cx(
                  'h-6 rounded px-2.5 text-xs font-medium',
                  focusRing,
                  r === range
                    ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-50'
                    : 'text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200',
                )}
              >
                {r === '1h' ? 'Last hour' : 'Last day'}
              </button>
            ))}
          </div>
        }
      >
        {history.error && !data ? (
          <Alert kind="error" title="The history could not be loaded">
            {errorMessage(history.error)}
          </Alert>
        ) : !data ? (
          <Loading what="history" className="py-6" />
        ) : data.points.length === 0 ? (
          <p className="py-6 text-center text-[13px] text-zinc-500 dark:text-zinc-400">
            No samples yet. Hangar records the usage of running instances every {data.intervalSeconds} seconds.
          </p>
        ) : (
          <div className="grid gap-x-6 gap-y-4 md:grid-cols-2">
            {charts.map((chart) => (
              <UsageChart key={chart.title} title={chart.title} times={columns.times} series={chart.series} format={chart.format} />
            ))}
          </div>
        )}
      </Section>
    </Card>
  );
}
