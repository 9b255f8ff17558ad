'use client';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  /** A CSS colour; works on light and dark backgrounds alike. */
  color: string;
}

const AXIS = '#71717a'; // zinc-500, readable on both themes
const GRID = 'rgba(113, 113, 122, 0.18)';
const HEIGHT = 150;

/**
 * A time series chart drawn by uPlot (canvas, fast with thousands of points). `times` are epoch
 * seconds; a null value is a gap. The plot is built once per set of series and fed new data after.
 */
export function UsageChart({
  title,
  times,
  series,
  format,
}: {
  title: string;
  times: number[];
  series: ChartSeries[];
  format: (value: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const formatRef = useRef(format);
  const labels = series.map((s) => `${s.label}:${s.color}`).join('|');

  useEffect(() => {
    formatRef.current = format;
  });

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const show = (value: number | null | undefined) => (value === null || value === undefined ? '—' : formatRef.current(value));
    const options: uPlot.Options = {
      width: element.clientWidth || 300,
      height: HEIGHT,
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: true },
      scales: { y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
      axes: [
        { stroke: AXIS, grid: { stroke: GRID, width: 1 }, ticks: { stroke: GRID, width: 1 } },
        {
          stroke: AXIS,
          grid: { stroke: GRID, width: 1 },
          ticks: { stroke: GRID, width: 1 },
          size: 64,
          values: (_u, splits) => splits.map((v) => show(v)),
        },
      ],
      series: [
        { label: 'Time' },
        ...series.map((s) => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          fill: `${s.color}1f`,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => show(v),
        })),
      ],
    };
    const instance = new uPlot(options, [[], ...series.map(() => [])], element);
    plot.current = instance;
    const resize = new ResizeObserver(() => instance.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      instance.destroy();
      plot.current = null;
    };
    // Rebuilt only when the set of series changes; data updates go through setData below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [labels]);

  useEffect(() => {
    plot.current?.setData([times, ...series.map((s) => s.values)] as uPlot.AlignedData);
  }, [times, series, labels]);

  return (
    <figure className="min-w-0">
      <figcaption className="mb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{title}</figcaption>
      <div ref={box} className="hangar-chart w-full text-[11px]" data-testid="usage-chart" />
    </figure>
  );
}
