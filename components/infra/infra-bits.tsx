'use client';
/** Pieces the Infrastructure pages share: the filter and its row, a usage bar, "used by" lines. */
import { useCallback, type ReactNode } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { formatBytes } from '@/lib/units';
import { cx } from '../ui/cx';
import { inputClass } from '../ui/field';
import { DaemonSelect } from '../daemons/daemon-select';
import { useUrlState } from '../ui/use-url-state';

/**
 * An Infrastructure list's filter, kept in the URL (daemon, search text and the page's own keys),
 * with the daemons to choose from; `matches` is the rule every page filters its rows by.
 */
export function useFleetFilter<T extends { q: string; daemon: string } & { [K in keyof T]: string }>(defaults: T) {
  const daemons = useDaemons();
  const [view, setView] = useUrlState(defaults);
  const needle = view.q.trim().toLowerCase();
  /** On the chosen daemon (or any), and one of `words` holds the search text (or none is typed). */
  const matches = useCallback(
    (daemonId: string, words: readonly string[]) =>
      (!view.daemon || daemonId === view.daemon) && (!needle || words.some((w) => w.toLowerCase().includes(needle))),
    [view.daemon, needle],
  );
  return { daemons, view, setView, needle, matches };
}

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
      <DaemonSelect daemons={daemons} value={daemon} onChange={(id) => onChange({ daemon: id })} all="All daemons" className="w-48" />
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
