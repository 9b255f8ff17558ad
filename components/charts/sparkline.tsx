import { cx } from '../ui/cx';

/**
 * A tiny inline SVG line (no chart library: a fleet list draws hundreds). Nulls are gaps; the
 * scale starts at zero and reaches `max` or the largest value.
 */
export function Sparkline({
  values,
  label,
  max,
  width = 72,
  height = 18,
  className,
}: {
  values: (number | null)[];
  label: string;
  max?: number;
  width?: number;
  height?: number;
  className?: string;
}) {
  const top = Math.max(max ?? 0, ...values.map((v) => v ?? 0)) || 1;
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const y = (v: number) => (height - 1 - (v / top) * (height - 2)).toFixed(1);
  let path = '';
  let drawing = false;
  values.forEach((v, i) => {
    if (v === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${(i * step).toFixed(1)} ${y(v)}`;
    drawing = true;
  });
  return (
    <svg
      role="img"
      aria-label={label}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      className={cx('overflow-visible text-indigo-500 dark:text-indigo-400', className)}
    >
      <title>{label}</title>
      {path ? (
        <path d={path} fill="none" stroke="currentColor" strokeWidth={1.25} strokeLinejoin="round" strokeLinecap="round" />
      ) : (
        <line x1={0} x2={width} y1={height - 1} y2={height - 1} stroke="currentColor" strokeOpacity={0.25} strokeDasharray="2 3" />
      )}
    </svg>
  );
}
