'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { memo, useEffect, useMemo, useRef, type RefObject } from 'react';
import type { FleetInstance } from '@/lib/api-types';
import { locationLabel } from '@/lib/format';
import { formatBytes, formatSeconds } from '@/lib/units';
import { CpuTrend } from '../charts/usage-trend';
import { focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { ChevronDownIcon, ChevronUpIcon, SortIcon } from '../ui/icons';
import { instanceTarget, parseSort, type SortKey } from './fleet-view';
import { instanceHref, toHandle } from './handles';
import { InstanceActions } from './instance-actions';
import { StatusBadge } from './status-badge';

// Below 2xl the type and profile columns give way, so usage fits beside the name at 1280 px.
const WIDE_ONLY = 'hidden 2xl:table-cell';

const COLUMNS: { key: SortKey; label: string; wideOnly?: boolean }[] = [
  { key: 'name', label: 'Name' },
  { key: 'status', label: 'Status' },
  { key: 'daemon', label: 'Daemon' },
  { key: 'project', label: 'Project' },
  { key: 'type', label: 'Type', wideOnly: true },
  { key: 'location', label: 'Member' },
  { key: 'ipv4', label: 'IPv4' },
  { key: 'image', label: 'Image' },
];
const USAGE_COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'cpu', label: 'CPU time' },
  { key: 'memory', label: 'Memory' },
];

// On narrow screens the table scrolls sideways; the selection, the name and the actions stay put.
const STICKY_SELECT = 'sticky left-0 w-9 min-w-9 max-w-9 pr-1 pl-3';
const STICKY_NAME = 'sticky left-9 shadow-[1px_0_0_var(--color-zinc-200)] dark:shadow-[1px_0_0_var(--color-zinc-800)]';

/**
 * Every row's height: rows are one line each (nothing wraps) and are given exactly this height,
 * so the virtualizer never measures them (measuring re-lays out all ten thousand positions).
 */
const ROW_PX = 37;
/** Rows rendered beyond the visible ones on each side, so fast scrolling shows no blank. */
const OVERSCAN = 12;
/** Every column, for the spacer rows. */
const COLUMN_COUNT = COLUMNS.length + USAGE_COLUMNS.length + 5;

/**
 * The fleet table: sortable headers, a selection, and one memoised row per instance. Only the
 * rows in view (and a few around) are rendered, so ten thousand instances scroll like ten:
 * spacer rows above and below stand for the rest.
 */
export function FleetTable({
  rows,
  scrollRef,
  sort,
  onSort,
  selected,
  onToggle,
  onToggleAll,
  pending,
}: {
  rows: FleetInstance[];
  /** The scrolling element the table sits in. */
  scrollRef: RefObject<HTMLElement | null>;
  sort: string;
  onSort: (key: SortKey) => void;
  selected: Set<string>;
  onToggle: (target: string) => void;
  /** Selects every row that matches the filters (not only the rendered ones), or none. */
  onToggleAll: (select: boolean) => void;
  pending: Map<string, string>;
}) {
  const { key: sortKey, descending } = parseSort(sort);
  // The virtualizer's functions change identity as it scrolls; FleetRow is memoised by hand instead.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: OVERSCAN,
    // Scroll updates render with React's own scheduling, not synchronously inside the scroll event.
    useFlushSync: false,
    // Before the first layout (and in tests without one) the first screenful is rendered.
    initialRect: { width: 1280, height: 900 },
  });
  const items = virtualizer.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  // Scrolling re-renders the table; counting ten thousand rows each time would show.
  const selectedHere = useMemo(
    () => (selected.size === 0 ? 0 : rows.reduce((n, r) => n + (selected.has(instanceTarget(r)) ? 1 : 0), 0)),
    [rows, selected],
  );
  const allRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = selectedHere > 0 && selectedHere < rows.length;
  }, [selectedHere, rows.length]);

  const header = (col: { key: SortKey; label: string; wideOnly?: boolean }, align: 'left' | 'right' = 'left') => {
    const active = col.key === sortKey;
    return (
      <th
        key={col.key}
        scope="col"
        aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
        className={cx(
          'px-2.5 py-2 font-medium whitespace-nowrap',
          align === 'right' && 'text-right',
          col.key === 'name' && `${STICKY_NAME} z-20`,
          col.wideOnly && WIDE_ONLY,
        )}
      >
        <button
          type="button"
          onClick={() => onSort(col.key)}
          className={cx(
            'group inline-flex items-center gap-1 rounded hover:text-zinc-900 dark:hover:text-zinc-100',
            focusRing,
            active && 'text-zinc-900 dark:text-zinc-100',
          )}
        >
          {col.label}
          {active ? (
            descending ? <ChevronDownIcon size={12} /> : <ChevronUpIcon size={12} />
          ) : (
            <SortIcon size={12} className="opacity-0 group-hover:opacity-60" />
          )}
        </button>
      </th>
    );
  };

  return (
    <table className="w-full border-separate border-spacing-0 text-[13px]">
      <thead className="sticky top-0 z-10 text-left text-xs text-zinc-500 dark:text-zinc-400">
        <tr className="[&>th]:border-b [&>th]:border-zinc-200 [&>th]:bg-zinc-50 dark:[&>th]:border-zinc-800 dark:[&>th]:bg-zinc-900">
          <th scope="col" className={cx(STICKY_SELECT, 'z-20 py-2')}>
            <input
              ref={allRef}
              type="checkbox"
              aria-label="Select all instances"
              checked={rows.length > 0 && selectedHere === rows.length}
              onChange={(e) => onToggleAll(e.target.checked)}
              className={cx('size-3.5 accent-indigo-600', focusRing)}
            />
          </th>
          {COLUMNS.map((c) => header(c))}
          <th scope="col" className={cx('px-2.5 py-2 font-medium', WIDE_ONLY)}>
            Profiles
          </th>
          {USAGE_COLUMNS.map((c) => header(c, 'right'))}
          <th scope="col" className="px-2.5 py-2 font-medium whitespace-nowrap">
            CPU, 30 min
          </th>
          <th scope="col" className="sticky right-0 w-9 px-1.5 py-2">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {top > 0 && <Spacer height={top} />}
        {items.map((item) => {
          const instance = rows[item.index];
          const target = instanceTarget(instance);
          return (
            <FleetRow
              key={target}
              instance={instance}
              target={target}
              selected={selected.has(target)}
              pending={pending.get(target)}
              onToggle={onToggle}
            />
          );
        })}
        {bottom > 0 && <Spacer height={bottom} />}
      </tbody>
    </table>
  );
}

function Spacer({ height }: { height: number }) {
  return (
    <tr aria-hidden="true" style={{ height }}>
      <td colSpan={COLUMN_COUNT} className="p-0" />
    </tr>
  );
}

const cell = 'border-b border-zinc-100 py-1.5 whitespace-nowrap dark:border-zinc-800/70';

const pad = 'px-2.5';

/** Memoised: live updates keep unchanged instances identical, so they skip rendering. */
const FleetRow = memo(function FleetRow({
  instance,
  target,
  selected,
  pending,
  onToggle,
}: {
  instance: FleetInstance;
  target: string;
  selected: boolean;
  pending?: string;
  onToggle: (target: string) => void;
}) {
  const handle = toHandle(instance);
  const running = instance.usage.memoryBytes !== null;
  return (
    <tr
      style={{ height: ROW_PX }}
      data-instance={instance.name}
      data-daemon={instance.daemon.name}
      data-selected={selected || undefined}
      className={cx(
        // Opaque backgrounds: the sticky actions cell inherits them over scrolled content.
        selected ? 'bg-indigo-50 dark:bg-indigo-950' : 'bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800',
      )}
    >
      <td className={cx(cell, STICKY_SELECT, 'bg-inherit')}>
        <input
          type="checkbox"
          aria-label={`Select ${instance.name} on ${instance.daemon.name}`}
          checked={selected}
          onChange={() => onToggle(target)}
          className={cx('size-3.5 accent-indigo-600', focusRing)}
        />
      </td>
      <td className={cx(cell, pad, STICKY_NAME, 'max-w-[16rem] truncate bg-inherit font-medium')}>
        <Link
          href={instanceHref(handle)}
          className={cx('rounded text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400', focusRing)}
        >
          {instance.name}
        </Link>
        {/* The Type column is hidden below 2xl: a VM still says so. */}
        {instance.type === 'virtual-machine' && <span className="ml-1.5 text-[11px] font-normal text-zinc-500 2xl:hidden">VM</span>}
      </td>
      <td className={cx(cell, pad)}>
        <StatusBadge status={instance.status} pending={pending} />
      </td>
      <td className={cx(cell, pad, 'text-zinc-700 dark:text-zinc-300')}>{instance.daemon.name}</td>
      <td className={cx(cell, pad, 'text-zinc-600 dark:text-zinc-400')}>{instance.project}</td>
      <td className={cx(cell, pad, WIDE_ONLY, 'text-zinc-600 dark:text-zinc-400')}>{instance.type === 'virtual-machine' ? 'VM' : 'Container'}</td>
      <td className={cx(cell, pad, 'text-zinc-600 dark:text-zinc-400')}>{locationLabel(instance.location)}</td>
      <td className={cx(cell, pad, 'font-mono text-xs text-zinc-600 dark:text-zinc-400')} title={[...instance.ipv4, ...instance.ipv6].join('\n') || undefined}>
        {instance.ipv4[0] ?? '—'}
        {instance.ipv4.length > 1 && <span className="ml-1 text-zinc-400">+{instance.ipv4.length - 1}</span>}
      </td>
      <td className={cx(cell, pad, 'max-w-[6rem] truncate text-zinc-600 2xl:max-w-[10rem] dark:text-zinc-400')} title={instance.image || undefined}>
        {instance.image || '—'}
      </td>
      <td className={cx(cell, pad, WIDE_ONLY, 'max-w-[8.5rem] truncate text-zinc-600 dark:text-zinc-400')} title={instance.profiles.join(', ')}>
        {instance.profiles.join(', ') || '—'}
      </td>
      <td className={cx(cell, pad, 'text-right text-zinc-600 tabular-nums dark:text-zinc-400')}>
        {running ? formatSeconds(instance.usage.cpuSeconds) : '—'}
      </td>
      <td className={cx(cell, pad, 'text-right text-zinc-600 tabular-nums dark:text-zinc-400')}>
        {running ? formatBytes(instance.usage.memoryBytes) : '—'}
      </td>
      <td className={cx(cell, pad)}>
        <CpuTrend daemonId={instance.daemon.id} project={instance.project} name={instance.name} />
      </td>
      <td className={cx(cell, 'sticky right-0 w-9 bg-inherit px-1.5 text-right')}>
        <InstanceActions instance={handle} variant="menu" pending={pending} />
      </td>
    </tr>
  );
});
