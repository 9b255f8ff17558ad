'use client';
/** Pieces the Infrastructure pages share: the filter row, per-daemon error alerts, a usage bar, config lines. */
import type { ReactNode } from 'react';
import type { DaemonView, FleetErrors } from '@/lib/api-types';
import { errorMessage } from '@/lib/format';
import { formatBytes } from '@/lib/units';
import { Alert } from '../ui/alert';
import { cx } from '../ui/cx';
import { inputClass, SelectField } from '../ui/field';
import { Spinner } from '../ui/spinner';

export function InfraToolbar({
  q,
  daemon,
  daemons,
  onChange,
  placeholder,
  children,
}: {
  q: string;
  daemon: string;
  daemons: DaemonView[] | undefined;
  onChange: (patch: { q?: string; daemon?: string }, mode?: 'push' | 'replace') => void;
  placeholder: string;
  /** More filters, after the daemon. */
  children?: ReactNode;
}) {
  return (
    <div className="flex flex-wrap items-end gap-2">
      <SelectField label="Daemon" value={daemon} onChange={(e) => onChange({ daemon: e.target.value })} className="w-48">
        <option value="">All daemons</option>
        {daemons?.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      {children}
      <div className="w-72">
        <input
          type="search"
          aria-label={placeholder}
          placeholder={placeholder}
          defaultValue={q}
          key={q === '' ? 'empty' : 'set'}
          onChange={(e) => onChange({ q: e.target.value }, 'replace')}
          className={inputClass}
        />
      </div>
    </div>
  );
}

/** The fleet list's per-daemon errors and its own failure. */
export function ListProblems({ what, errors, error }: { what: string; errors: FleetErrors | undefined; error: unknown }) {
  return (
    <>
      {errors?.map((e) => (
        <Alert key={e.daemon} kind="warning" title={`Daemon ${e.daemon} did not answer; its ${what} are not listed`}>
          {e.message}
        </Alert>
      ))}
      {Boolean(error) && <Alert kind="error">{errorMessage(error)}</Alert>}
    </>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="flex items-center gap-2 p-4 text-[13px] text-zinc-500">
      <Spinner /> Loading {what}…
    </div>
  );
}

/** Used of total as a bar and in words; red past 90%. */
export function UsageBar({ used, total, format = formatBytes }: { used: number; total: number | null; format?: (n: number) => string }) {
  if (total === null || total <= 0) return <span className="text-zinc-500">{format(used)}</span>;
  const percent = Math.min(100, Math.round((used / total) * 100));
  return (
    <div className="flex min-w-36 items-center gap-2" title={`${format(used)} of ${format(total)} (${percent}%)`}>
      <div className="h-1.5 w-20 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800" role="meter" aria-valuenow={percent} aria-valuemin={0} aria-valuemax={100} aria-label="Used">
        <div className={cx('h-full rounded-full', percent > 90 ? 'bg-red-500' : 'bg-indigo-500')} style={{ width: `${percent}%` }} />
      </div>
      <span className="text-xs whitespace-nowrap text-zinc-600 tabular-nums dark:text-zinc-400">
        {format(used)} / {format(total)}
      </span>
    </div>
  );
}

/** `/1.0/instances/c1?project=p` → "c1 (p)", profiles as "profile default". */
export function usedByLabel(entry: string): string {
  const url = new URL(entry, 'http://lxd');
  const parts = url.pathname.split('/').map(decodeURIComponent).slice(2);
  const project = url.searchParams.get('project');
  const kind = parts[0] === 'instances' ? '' : `${parts[0].replace(/s$/, '')} `;
  return `${kind}${parts.slice(1).join('/')}${project && project !== 'default' ? ` (${project})` : ''}`;
}

export function UsedBy({ entries }: { entries: string[] }) {
  if (entries.length === 0) return <span className="text-zinc-400">—</span>;
  const shown = entries.slice(0, 3).map(usedByLabel);
  return (
    <span title={entries.map(usedByLabel).join('\n')}>
      {shown.join(', ')}
      {entries.length > 3 && <span className="text-zinc-500"> +{entries.length - 3}</span>}
    </span>
  );
}
