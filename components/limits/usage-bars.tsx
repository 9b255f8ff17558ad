'use client';
import type { LimitsUsage } from '@/lib/limits';
import { formatBytes } from '@/lib/units';
import { cx } from '../ui/cx';

/** One measure against its limit; `fraction` null draws no bar (no limit or no figure). */
function UsageBar({ label, value, limit, fraction, cap, note }: {
  label: string;
  value: string;
  limit: string;
  fraction: number | null;
  /** A second mark on the bar (the CPU allowance), as a fraction. */
  cap?: number | null;
  note?: string;
}) {
  const pct = fraction === null ? null : Math.max(0, Math.min(1, fraction)) * 100;
  const tone = pct === null ? '' : pct >= 95 ? 'bg-red-500' : pct >= 80 ? 'bg-amber-500' : 'bg-indigo-500';
  return (
    <div className="min-w-0">
      <div className="flex items-baseline justify-between gap-2 text-[13px]">
        <span className="font-medium text-zinc-800 dark:text-zinc-200">{label}</span>
        <span className="truncate text-zinc-500 tabular-nums dark:text-zinc-400">
          {value} <span className="text-zinc-400 dark:text-zinc-500">/ {limit}</span>
        </span>
      </div>
      <div
        className="relative mt-1.5 h-2 overflow-hidden rounded-full bg-zinc-100 dark:bg-zinc-800"
        role="meter"
        aria-label={`${label} used`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct === null ? undefined : Math.round(pct)}
        aria-valuetext={`${value} of ${limit}`}
      >
        {pct !== null && <div className={cx('h-full rounded-full transition-[width]', tone)} style={{ width: `${pct}%` }} />}
        {cap != null && cap < 1 && (
          <div className="absolute top-0 h-full w-0.5 bg-zinc-700 dark:bg-zinc-200" style={{ left: `${cap * 100}%` }} aria-hidden="true" />
        )}
      </div>
      {note && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{note}</p>}
    </div>
  );
}

const ratio = (used: number | null, limit: number | null) => (used === null || !limit ? null : used / limit);

/** CPU, memory, processes and root disk, each against the limit in force. */
export function UsageBars({ usage }: { usage: LimitsUsage }) {
  const running = usage.status === 'Running';
  const { cpu, memory, processes, disk } = usage;
  const io = [['read', disk.read], ['write', disk.write], ['read+write', disk.max]]
    .filter(([, v]) => v)
    .map(([what, v]) => `${what} ${v!.endsWith('iops') ? `${v!.slice(0, -4)} IOPS` : `${v}/s`}`);
  return (
    <div className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <UsageBar
        label="CPU"
        value={cpu.percent === null ? '—' : `${cpu.percent}%`}
        limit={`${cpu.cpus} CPU${cpu.cpus === 1 ? '' : 's'}${cpu.limit ? ` (${cpu.limit})` : ''}`}
        fraction={cpu.percent === null ? null : cpu.percent / 100}
        cap={cpu.allowancePercent === null ? null : cpu.allowancePercent / 100}
        note={
          cpu.allowance
            ? `Allowance ${cpu.allowance} (${cpu.allowanceHard ? 'hard cap' : 'share under load'} ≈ ${cpu.allowancePercent}%). 100% = all its CPUs busy.`
            : `100% = all its CPUs busy${cpu.intervalMs ? ` over the last ${(cpu.intervalMs / 1000).toFixed(1)} s` : ''}.`
        }
      />
      <UsageBar
        label="Memory"
        value={formatBytes(memory.usedBytes)}
        limit={memory.limit ? `${memory.limit}${memory.limit.endsWith('%') ? ` (${formatBytes(memory.limitBytes)})` : ''}` : 'no limit'}
        fraction={ratio(memory.usedBytes, memory.limitBytes)}
        note={memory.swapUsedBytes ? `Swap in use: ${formatBytes(memory.swapUsedBytes)}` : undefined}
      />
      <UsageBar
        label="Processes"
        value={processes.count === null ? '—' : String(processes.count)}
        limit={processes.limit === null ? 'no limit' : String(processes.limit)}
        fraction={ratio(processes.count, processes.limit)}
      />
      <UsageBar
        label="Root disk"
        value={disk.usedBytes === null ? (running ? 'not reported' : '—') : formatBytes(disk.usedBytes)}
        limit={disk.limitBytes === null ? 'no quota' : formatBytes(disk.limitBytes)}
        fraction={ratio(disk.usedBytes, disk.limitBytes)}
        note={io.length > 0 ? `I/O limited: ${io.join(', ')}` : disk.pool ? `Pool ${disk.pool}` : undefined}
      />
      {!running && (
        <p className="text-xs text-zinc-500 sm:col-span-2 dark:text-zinc-400">
          The instance is {usage.status.toLowerCase()}: limits are kept and apply when it runs; there are no live figures.
        </p>
      )}
    </div>
  );
}
