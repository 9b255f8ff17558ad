/**
 * Filtering and sorting of the fleet list in the browser (pure, so it is cheap to memoise and
 * easy to test). The URL carries the same fields so a filtered view can be shared.
 */
import type { FleetInstance } from '@/lib/api-types';
import { instanceKey } from '@/lib/live';

export interface FleetView {
  q: string;
  daemon: string;
  project: string;
  status: string;
  /** A cluster member (`location`); empty for all. */
  location: string;
  /** A column key, optionally prefixed with "-" for descending. */
  sort: string;
}

export const DEFAULT_VIEW: FleetView = { q: '', daemon: '', project: '', status: '', location: '', sort: 'name' };

/** The view a URL's query asks for (the server renders the first rows from it, the browser keeps it). */
export function viewFromParams(get: (key: string) => string | null | undefined): FleetView {
  return Object.fromEntries(Object.entries(DEFAULT_VIEW).map(([k, d]) => [k, get(k) ?? d])) as unknown as FleetView;
}

/** What the page says about the whole fleet (subtitle, filter choices), whatever the view. */
export interface FleetSummary {
  total: number;
  running: number;
  daemons: string[];
  projects: string[];
  /** Cluster members that run instances. */
  locations: string[];
}

export function summarize(instances: FleetInstance[]): FleetSummary {
  const daemons = new Set<string>();
  const projects = new Set<string>();
  const locations = new Set<string>();
  let running = 0;
  for (const i of instances) {
    daemons.add(i.daemon.name);
    projects.add(i.project);
    if (i.location && i.location !== 'none') locations.add(i.location);
    if (i.status === 'Running') running++;
  }
  return { total: instances.length, running, daemons: [...daemons].sort(), projects: [...projects].sort(), locations: [...locations].sort() };
}

/**
 * The first rows of a view, rendered with the page by the server from its live model, so they
 * show before the browser has the whole list (`matching` rows match the view in all).
 */
export interface FleetFirstPage {
  instances: FleetInstance[];
  errors: { daemon: string; message: string }[];
  matching: number;
  summary: FleetSummary;
}

export const SORT_KEYS = ['name', 'status', 'daemon', 'project', 'type', 'location', 'ipv4', 'image', 'cpu', 'memory'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export function parseSort(sort: string): { key: SortKey; descending: boolean } {
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as SortKey;
  return SORT_KEYS.includes(key) ? { key, descending } : { key: 'name', descending: false };
}

/** Clicking a header sorts by it; clicking the current one flips the direction. */
export function nextSort(current: string, key: SortKey): string {
  const { key: currentKey, descending } = parseSort(current);
  if (currentKey !== key) return key;
  return descending ? key : `-${key}`;
}

/** A stable id for an instance across daemons and projects. */
export function instanceTarget(i: { daemon: { id: string }; project: string; name: string } | { daemonId: string; project: string; name: string }): string {
  return instanceKey('daemonId' in i ? i.daemonId : i.daemon.id, i.project, i.name);
}

/**
 * What filtering and sorting read of a row, worked out once per row object: live updates replace
 * only the rows that change, so a re-sort or a keystroke at 10,000 rows reads these instead of
 * lower-casing and collating every row again.
 */
interface RowIndex {
  /** Every searchable field, lower-cased, one per line (a query cannot span two). */
  text: string;
  sort: Partial<Record<SortKey, string | number | null>>;
}

const indexes = new WeakMap<FleetInstance, RowIndex>();

function indexOf(i: FleetInstance): RowIndex {
  let index = indexes.get(i);
  if (!index) {
    const fields = [i.name, i.daemon.name, i.project, i.image, i.location, ...i.profiles, ...i.ipv4, ...i.ipv6];
    index = { text: fields.join('\n').toLowerCase(), sort: {} };
    indexes.set(i, index);
  }
  return index;
}

function matches(i: FleetInstance, view: FleetView, q: string): boolean {
  if (view.daemon && i.daemon.name !== view.daemon && i.daemon.id !== view.daemon) return false;
  if (view.project && i.project !== view.project) return false;
  if (view.status && i.status.toLowerCase() !== view.status.toLowerCase()) return false;
  if (view.location && i.location !== view.location) return false;
  return !q || indexOf(i).text.includes(q);
}

/**
 * A string whose plain (code unit) order is the natural order people expect: case and accents
 * ignored, runs of digits compared by value ("web2" before "web10"). Plain comparisons are what
 * make sorting 10,000 rows cheap; a collator compare costs microseconds each.
 */
export function naturalKey(value: string): string {
  const plain = /[^\x00-\x7f]/.test(value) ? value.normalize('NFD').replace(/\p{M}/gu, '') : value;
  return plain
    .toLowerCase()
    .replace(/\d+/g, (digits) => {
      const trimmed = digits.replace(/^0+(?=\d)/, '');
      // The length first (as a letter), so a longer number sorts after a shorter one.
      return String.fromCharCode(0x40 + Math.min(trimmed.length, 26)) + trimmed;
    });
}

/** The value a column sorts by; null (no usage while stopped, no address) sorts last either way. */
function sortValue(i: FleetInstance, key: SortKey): string | number | null {
  switch (key) {
    case 'daemon':
      return naturalKey(i.daemon.name);
    case 'ipv4':
      return i.ipv4[0] ? i.ipv4[0].split('.').reduce((acc, part) => acc * 256 + Number(part), 0) : null;
    case 'cpu':
      return i.usage.cpuSeconds;
    case 'memory':
      return i.usage.memoryBytes;
    default:
      return naturalKey(i[key]);
  }
}

function cachedSortValue(i: FleetInstance, key: SortKey): string | number | null {
  const { sort } = indexOf(i);
  const cached = sort[key];
  if (cached !== undefined) return cached;
  return (sort[key] = sortValue(i, key));
}

const compare = (a: string | number, b: string | number): number => (a < b ? -1 : a > b ? 1 : 0);

export function filterAndSort(instances: FleetInstance[], view: FleetView): FleetInstance[] {
  const q = view.q.trim().toLowerCase();
  const { key, descending } = parseSort(view.sort);
  const direction = descending ? -1 : 1;
  const rows: { i: FleetInstance; value: string | number | null; name: string | number | null; daemon: string | number | null }[] = [];
  for (const i of instances) {
    if (matches(i, view, q)) rows.push({ i, value: cachedSortValue(i, key), name: cachedSortValue(i, 'name'), daemon: cachedSortValue(i, 'daemon') });
  }
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const order = direction * compare(a.value, b.value);
      if (order) return order;
    }
    return compare(a.name!, b.name!) || compare(a.daemon!, b.daemon!);
  });
  return rows.map((r) => r.i);
}

const sameView = (a: FleetView, b: FleetView) => (Object.keys(DEFAULT_VIEW) as (keyof FleetView)[]).every((k) => a[k] === b[k]);

/**
 * `filterAndSort` that remembers its last answer, for a list that live updates change a few rows
 * at a time. When the rows that changed keep their place (same instance, still in or out of the
 * view, same sort values: a usage or description update while sorted by name), the last answer
 * is reused with those rows swapped in, instead of filtering and sorting every row again.
 * Anything else (rows added or removed, a changed sort value, another view) sorts afresh.
 */
export function viewRows(): (instances: FleetInstance[], view: FleetView) => FleetInstance[] {
  let last: { instances: FleetInstance[]; view: FleetView; rows: FleetInstance[] } | undefined;
  return (instances, view) => {
    const rows = (last && sameView(last.view, view) && swapped(last.instances, last.rows, instances, view)) || filterAndSort(instances, view);
    last = { instances, view, rows };
    return rows;
  };
}

/** The previous answer with the changed rows swapped in, or null when a change may move a row. */
function swapped(before: FleetInstance[], rows: FleetInstance[], instances: FleetInstance[], view: FleetView): FleetInstance[] | null {
  if (before.length !== instances.length) return null;
  const q = view.q.trim().toLowerCase();
  const { key } = parseSort(view.sort);
  const swaps = new Map<FleetInstance, FleetInstance>();
  for (let i = 0; i < instances.length; i++) {
    const was = before[i];
    const now = instances[i];
    if (was === now) continue;
    if (instanceTarget(was) !== instanceTarget(now)) return null;
    const shown = matches(now, view, q);
    if (shown !== matches(was, view, q)) return null;
    if (!shown) continue;
    for (const k of [key, 'daemon'] as const) if (cachedSortValue(was, k) !== cachedSortValue(now, k)) return null;
    swaps.set(was, now);
  }
  return swaps.size === 0 ? rows : rows.map((r) => swaps.get(r) ?? r);
}
