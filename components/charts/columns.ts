import type { HistoryPoint } from '@/lib/history';

export type HistoryColumns = { times: number[] } & {
  [K in Exclude<keyof HistoryPoint, 'at'>]: (number | null)[];
};

const METRICS = ['cpu', 'memoryBytes', 'processes', 'networkRxBps', 'networkTxBps', 'diskBytes'] as const;

/**
 * Points as uPlot's columns (times in epoch seconds). Where samples are missing for longer than
 * 2.5 steps (the instance was stopped, Hangar was down) a null is put in, so the line breaks
 * instead of bridging the gap.
 */
export function toColumns(points: HistoryPoint[], stepMs: number): HistoryColumns {
  const columns: HistoryColumns = {
    times: [],
    cpu: [],
    memoryBytes: [],
    processes: [],
    networkRxBps: [],
    networkTxBps: [],
    diskBytes: [],
  };
  let previous: number | undefined;
  for (const point of points) {
    if (previous !== undefined && point.at - previous > 2.5 * stepMs) {
      columns.times.push((previous + stepMs) / 1000);
      for (const metric of METRICS) columns[metric].push(null);
    }
    columns.times.push(point.at / 1000);
    for (const metric of METRICS) columns[metric].push(point[metric]);
    previous = point.at;
  }
  return columns;
}

/** True when a column has anything to draw. */
export function hasValues(values: (number | null)[]): boolean {
  return values.some((v) => v !== null);
}
