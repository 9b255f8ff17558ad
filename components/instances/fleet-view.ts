/**
 * Filtering and sorting of the fleet list in the browser (pure, so it is cheap to memoise and
 * easy to test). The URL carries the same fields so a filtered view can be shared.
 */
import type { FleetInstance } from '@/lib/api-types';

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
  const daemonId = 'daemonId' in i ? i.daemonId : i.daemon.id;
  return `${daemonId}/${i.project}/${i.name}`;
}

function matches(i: FleetInstance, view: FleetView, q: string): boolean {
  if (view.daemon && i.daemon.name !== view.daemon && i.daemon.id !== view.daemon) return false;
  if (view.project && i.project !== view.project) return false;
  if (view.status && i.status.toLowerCase() !== view.status.toLowerCase()) return false;
  if (view.location && i.location !== view.location) return false;
  if (!q) return true;
  return (
    i.name.toLowerCase().includes(q) ||
    i.daemon.name.toLowerCase().includes(q) ||
    i.project.toLowerCase().includes(q) ||
    i.image.toLowerCase().includes(q) ||
    i.location.toLowerCase().includes(q) ||
    i.profiles.some((p) => p.toLowerCase().includes(q)) ||
    i.ipv4.some((a) => a.includes(q)) ||
    i.ipv6.some((a) => a.includes(q))
  );
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** The value a column sorts by; null (no usage while stopped, no address) sorts last either way. */
function sortValue(i: FleetInstance, key: SortKey): string | number | null {
  switch (key) {
    case 'daemon':
      return i.daemon.name;
    case 'ipv4':
      return i.ipv4[0] ? i.ipv4[0].split('.').reduce((acc, part) => acc * 256 + Number(part), 0) : null;
    case 'cpu':
      return i.usage.cpuSeconds;
    case 'memory':
      return i.usage.memoryBytes;
    default:
      return i[key];
  }
}

function compareValues(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

export function filterAndSort(instances: FleetInstance[], view: FleetView): FleetInstance[] {
  const q = view.q.trim().toLowerCase();
  const { key, descending } = parseSort(view.sort);
  const direction = descending ? -1 : 1;
  const rows = instances.filter((i) => matches(i, view, q)).map((i) => ({ i, value: sortValue(i, key) }));
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else {
      const order = direction * compareValues(a.value, b.value);
      if (order) return order;
    }
    return collator.compare(a.i.name, b.i.name) || collator.compare(a.i.daemon.name, b.i.daemon.name);
  });
  return rows.map((r) => r.i);
}
