import { cx } from '../ui/cx';

/** One usage figure with its limit and, when both are known, a bar that turns amber then red. */
export function Meter({ label, value, limit, fraction }: { label: string; value: string; limit?: string; fraction: number | null }) {
  const percent = fraction === null ? null : Math.round(fraction * 100);
  return (
    <div>
      <div className="flex items-baseline justify-between gap-2 text-[13px]">
        <span className="text-zinc-500 dark:text-zinc-400">{label}</span>
        <span className="tabular-nums">
          <span className="font-semibold text-zinc-900 dark:text-zinc-100">{value}</span>
          {limit && <span className="text-zinc-500 dark:text-zinc-400"> / {limit}</span>}
        </span>
      </div>
      <div
        role="meter"
        aria-label={`${label} use`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={limit ? `${value} of ${limit}` : value}
        className="mt-1 h-1.5 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
      >
        {percent !== null && (
          <div
            className={cx('h-full rounded-full transition-[width] duration-700', percent >= 90 ? 'bg-red-500' : percent >= 70 ? 'bg-amber-500' : 'bg-emerald-500')}
            style={{ width: `${Math.max(percent, 1)}%` }}
          />
        )}
      </div>
    </div>
  );
}
