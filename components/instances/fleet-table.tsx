'use client';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRouter } from 'next/navigation';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type MouseEvent, type ReactNode, type RefObject } from 'react';
import type { FleetInstance } from '@/lib/api-types';
import type { UsageTrend } from '@/lib/history';
import { locationLabel } from '@/lib/format';
import { formatBytes, formatSeconds } from '@/lib/units';
import { CpuTrend, useCpuTrends } from '../charts/usage-trend';
import { focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { ChevronDownIcon, ChevronUpIcon, MoreIcon, SortIcon } from '../ui/icons';
import { AnchoredMenu, MenuButton } from '../ui/menu';
import { instanceTarget, parseSort, type SortKey } from './fleet-view';
import { instanceHref } from '@/lib/routes';
import { toHandle } from './handles';
import { instanceMenuLabel, useInstanceActions } from './instance-actions';
import { StatusBadge } from './status-badge';

// Every column has a fixed width (the name takes what is left), so a scroll frame lays out only
// the rows it adds: the table is a grid of absolutely placed flex rows, not a table layout that
// sizes its columns from every rendered cell. Below 2xl the type and profile columns give way,
// so usage fits beside the name at 1280 px.
const WIDE_ONLY = 'max-2xl:hidden';

interface Column {
  key: SortKey;
  label: string;
  width: string;
  wideOnly?: boolean;
  align?: 'right';
}

const COLUMNS: Column[] = [
  { key: 'status', label: 'Status', width: 'w-[5.75rem]' },
  { key: 'daemon', label: 'Daemon', width: 'w-[5.25rem]' },
  { key: 'project', label: 'Project', width: 'w-[5.25rem]' },
  { key: 'type', label: 'Type', width: 'w-[5.5rem]', wideOnly: true },
  { key: 'location', label: 'Member', width: 'w-[5.25rem]' },
  { key: 'ipv4', label: 'IPv4', width: 'w-[7rem]' },
  { key: 'image', label: 'Image', width: 'w-[6rem] 2xl:w-[10rem]' },
];
const PROFILES_WIDTH = 'w-[8.5rem]';
const USAGE_COLUMNS: Column[] = [
  { key: 'cpu', label: 'CPU time', width: 'w-[4.75rem]', align: 'right' },
  { key: 'memory', label: 'Memory', width: 'w-[5rem]', align: 'right' },
];
const TREND_WIDTH = 'w-[7.75rem]';

// On narrow screens the table scrolls sideways; the selection, the name and the actions stay put.
const STICKY_SELECT = 'sticky left-0 w-9 pr-1 pl-3';
const NAME = 'min-w-24 flex-1';
const STICKY_NAME = 'sticky left-9 shadow-[1px_0_0_var(--color-zinc-200)] dark:shadow-[1px_0_0_var(--color-zinc-800)]';
const ACTIONS = 'sticky right-0 w-9 justify-end px-1.5';

/**
 * Every row's height: rows are one line each (nothing wraps) and are given exactly this height,
 * so the virtualizer never measures them (measuring re-lays out all ten thousand positions).
 */
const ROW_PX = 37;
/** Rows rendered beyond the visible ones on each side, so fast scrolling shows no blank. */
const OVERSCAN = 8;

/**
 * The fleet table: sortable headers, a selection, and one memoised row per instance. Only the
 * rows in view (and a few around) are rendered, each placed at its offset in a body as tall as
 * all the rows, so ten thousand instances scroll like ten.
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
  const trendOf = useCpuTrends();
  // Scrolling re-renders the table; counting ten thousand rows each time would show.
  const selectedHere = useMemo(
    () => (selected.size === 0 ? 0 : rows.reduce((n, r) => n + (selected.has(instanceTarget(r)) ? 1 : 0), 0)),
    [rows, selected],
  );
  // One action menu for the whole table, opened at the row's button that was clicked: a row
  // carries a plain button, not a menu with its own queries and listeners.
  const [menu, setMenu] = useState<{ target: string; at: HTMLElement } | null>(null);
  const openMenu = useCallback((target: string, at: HTMLElement) => setMenu({ target, at }), []);
  // Only the menu that closed: another row's may have opened meanwhile.
  const closeMenu = useCallback((target: string) => setMenu((open) => (open?.target === target ? null : open)), []);
  const menuInstance = useMemo(() => (menu ? rows.find((r) => instanceTarget(r) === menu.target) : undefined), [menu, rows]);

  // Rows link with plain anchors; a plain left click navigates in the app (one handler, not a Link per row).
  const router = useRouter();
  const navigate = useCallback(
    (event: MouseEvent<HTMLElement>) => {
      const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('a[data-row-link]');
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      router.push(link.getAttribute('href')!);
    },
    [router],
  );

  return (
    <table className="grid w-full min-w-fit text-[13px]" aria-rowcount={rows.length + 1}>
      <FleetHeader
        sort={sort}
        onSort={onSort}
        all={rows.length > 0 && selectedHere === rows.length}
        some={selectedHere > 0 && selectedHere < rows.length}
        onToggleAll={onToggleAll}
      />
      <tbody onClick={navigate} className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const instance = rows[item.index];
          const target = instanceTarget(instance);
          return (
            <FleetRow
              key={target}
              instance={instance}
              target={target}
              index={item.index}
              selected={selected.has(target)}
              pending={pending.get(target)}
              trend={trendOf(instance.daemon.id, instance.project, instance.name)}
              onToggle={onToggle}
              onMenu={openMenu}
            />
          );
        })}
      </tbody>
      {menu && menuInstance && (
        <RowMenu key={menu.target} instance={menuInstance} at={menu.at} pending={pending.get(menu.target)} onClose={() => closeMenu(menu.target)} />
      )}
    </table>
  );
}

/**
 * The sortable headers and the select-all box. Memoised: the table renders again on every scroll
 * frame that brings rows into view, the headers only when the sort or the selection changes.
 */
const FleetHeader = memo(function FleetHeader({
  sort,
  onSort,
  all,
  some,
  onToggleAll,
}: {
  sort: string;
  onSort: (key: SortKey) => void;
  /** Every row that matches the filters is selected. */
  all: boolean;
  /** Some are (the box shows as indeterminate). */
  some: boolean;
  onToggleAll: (select: boolean) => void;
}) {
  const { key: sortKey, descending } = parseSort(sort);
  const allRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (allRef.current) allRef.current.indeterminate = some;
  }, [some]);

  const header = (col: Column) => {
    const active = col.key === sortKey;
    return (
      <th
        key={col.key}
        scope="col"
        aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
        className={cx(headCell, pad, col.width, col.align === 'right' && 'justify-end', col.wideOnly && WIDE_ONLY)}
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
    <thead className="sticky top-0 z-10 grid text-left text-xs text-zinc-500 dark:text-zinc-400">
      <tr aria-rowindex={1} className="flex w-full [&>th]:border-b [&>th]:border-zinc-200 [&>th]:bg-zinc-50 dark:[&>th]:border-zinc-800 dark:[&>th]:bg-zinc-900">
        <th scope="col" className={cx(headCell, STICKY_SELECT, 'z-20')}>
          <input
            ref={allRef}
            type="checkbox"
            aria-label="Select all instances"
            checked={all}
            onChange={(e) => onToggleAll(e.target.checked)}
            className={cx('size-3.5 accent-indigo-600', focusRing)}
          />
        </th>
        {header({ key: 'name', label: 'Name', width: cx(NAME, STICKY_NAME, 'z-20') })}
        {COLUMNS.map(header)}
        <th scope="col" className={cx(headCell, pad, PROFILES_WIDTH, WIDE_ONLY)}>
          Profiles
        </th>
        {USAGE_COLUMNS.map(header)}
        <th scope="col" className={cx(headCell, pad, TREND_WIDTH)}>
          CPU, 30 min
        </th>
        <th scope="col" className={cx(headCell, ACTIONS)}>
          <span className="sr-only">Actions</span>
        </th>
      </tr>
    </thead>
  );
});

/** The open row's actions; mounted only while a row's menu is open. */
function RowMenu({ instance, at, pending, onClose }: { instance: FleetInstance; at: HTMLElement; pending?: string; onClose: () => void }) {
  const handle = toHandle(instance);
  const { entries } = useInstanceActions(handle, pending);
  return <AnchoredMenu at={at} label={instanceMenuLabel(handle)} entries={entries} onClose={onClose} />;
}

const headCell = 'flex flex-none items-center py-2 font-medium whitespace-nowrap';
// The row draws the line under it and sets what its cells share (inherited): a cell's own classes
// are few, since a scroll styles every cell it brings into view.
const cell = 'flex flex-none items-center';
/** Plain text: a block one line high (the row less its border), cut short with an ellipsis. */
const textCell = 'block flex-none truncate leading-9';
const pad = 'px-2.5';

/**
 * A row's opaque background, on the row and again on its sticky cells (they cover scrolled
 * content). Not `background: inherit` on the cells: a cell that inherits a property that is not
 * inherited by default makes the browser style every cell of the row again whenever the row's
 * own style changes (hover, selection).
 */
const rowBackground = (selected: boolean) =>
  selected ? 'bg-indigo-50 dark:bg-indigo-950' : 'bg-white hover:bg-zinc-50 dark:bg-zinc-900 dark:hover:bg-zinc-800';
const stickyBackground = (selected: boolean) =>
  selected ? 'bg-indigo-50 dark:bg-indigo-950' : 'bg-white group-hover/row:bg-zinc-50 dark:bg-zinc-900 dark:group-hover/row:bg-zinc-800';

/**
 * Memoised: live updates keep unchanged instances identical, so they skip rendering; a scroll
 * re-renders only the rows it brings into view. Each row is contained: adding one does not lay
 * out or repaint the others.
 */
const FleetRow = memo(function FleetRow({
  instance,
  target,
  index,
  selected,
  pending,
  trend,
  onToggle,
  onMenu,
}: {
  instance: FleetInstance;
  target: string;
  /** The row's place in the view (its offset from the top of the body is this many rows). */
  index: number;
  selected: boolean;
  pending?: string;
  trend: UsageTrend | undefined;
  onToggle: (target: string) => void;
  onMenu: (target: string, at: HTMLElement) => void;
}) {
  const running = instance.usage.memoryBytes !== null;
  return (
    <tr
      aria-rowindex={index + 2}
      style={{ height: ROW_PX, transform: `translateY(${index * ROW_PX}px)` }}
      data-instance={instance.name}
      data-daemon={instance.daemon.name}
      data-selected={selected || undefined}
      className={cx(
        'absolute top-0 left-0 flex w-full border-b border-zinc-100 whitespace-nowrap text-zinc-600 contain-strict dark:border-zinc-800/70 dark:text-zinc-400',
        // Opaque backgrounds: the sticky cells inherit them over scrolled content.
        'group/row',
        rowBackground(selected),
      )}
    >
      <td className={cx(cell, STICKY_SELECT, stickyBackground(selected))}>
        <input
          type="checkbox"
          aria-label={`Select ${instance.name} on ${instance.daemon.name}`}
          checked={selected}
          onChange={() => onToggle(target)}
          className={cx('size-3.5 accent-indigo-600', focusRing)}
        />
      </td>
      <td className={cx(cell, pad, NAME, STICKY_NAME, stickyBackground(selected), 'font-medium')}>
        {/* No prefetch: every row scrolled into view would ask the server for its page. */}
        <a
          href={instanceHref(toHandle(instance))}
          data-row-link
          // The Element Timing API reports when a row's name is first painted (bench/browser.ts).
          elementtiming="fleet-row"
          title={instance.name}
          className={cx('truncate rounded text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100 dark:hover:text-indigo-400', focusRing)}
        >
          {instance.name}
        </a>
        {/* The Type column is hidden below 2xl: a VM still says so. */}
        {instance.type === 'virtual-machine' && <span className="ml-1.5 text-[11px] font-normal text-zinc-500 2xl:hidden">VM</span>}
      </td>
      <td className={cx(cell, pad, COLUMNS[0].width)}>
        <StatusBadge status={instance.status} pending={pending} />
      </td>
      <Text className={cx(COLUMNS[1].width, 'text-zinc-700 dark:text-zinc-300')}>{instance.daemon.name}</Text>
      <Text className={COLUMNS[2].width}>{instance.project}</Text>
      <Text className={cx(COLUMNS[3].width, WIDE_ONLY)}>{instance.type === 'virtual-machine' ? 'VM' : 'Container'}</Text>
      <Text className={COLUMNS[4].width}>{locationLabel(instance.location)}</Text>
      {instance.ipv4.length > 1 ? (
        <td className={cx(cell, pad, COLUMNS[5].width, 'font-mono text-xs')} title={[...instance.ipv4, ...instance.ipv6].join('\n')}>
          <span className="truncate">{instance.ipv4[0]}</span>
          <span className="ml-1 text-zinc-400">+{instance.ipv4.length - 1}</span>
        </td>
      ) : (
        <Text className={cx(COLUMNS[5].width, 'font-mono text-xs')} title={[...instance.ipv4, ...instance.ipv6].join('\n') || undefined}>
          {instance.ipv4[0] ?? '—'}
        </Text>
      )}
      <Text className={COLUMNS[6].width} title={instance.image || undefined}>
        {instance.image || '—'}
      </Text>
      <Text className={cx(PROFILES_WIDTH, WIDE_ONLY)} title={instance.profiles.join(', ')}>
        {instance.profiles.join(', ') || '—'}
      </Text>
      <Text className={cx(USAGE_COLUMNS[0].width, 'text-right tabular-nums')}>{running ? formatSeconds(instance.usage.cpuSeconds) : '—'}</Text>
      <Text className={cx(USAGE_COLUMNS[1].width, 'text-right tabular-nums')}>{running ? formatBytes(instance.usage.memoryBytes) : '—'}</Text>
      {trend ? (
        <td className={cx(cell, pad, TREND_WIDTH)}>
          <CpuTrend trend={trend} name={instance.name} />
        </td>
      ) : (
        <Text className={cx(TREND_WIDTH, 'text-zinc-400')}>—</Text>
      )}
      <td className={cx(cell, ACTIONS, stickyBackground(selected))}>
        <MenuButton label={instanceMenuLabel(instance)} expanded={false} size="sm" onClick={(e) => onMenu(target, e.currentTarget)}>
          <MoreIcon />
        </MenuButton>
      </td>
    </tr>
  );
});

/** A cell of plain text, cut short with an ellipsis when it does not fit its column. */
function Text({ className, title, children }: { className: string; title?: string; children: ReactNode }) {
  return (
    <td className={cx(textCell, pad, className)} title={title}>
      {children}
    </td>
  );
}
