'use client';
/**
 * Live events in the browser: one EventSource per tab (however many components ask), applied to
 * the TanStack Query caches precisely — the one instance row in the fleet lists, the one
 * instance's detail — and offered to components that want the events themselves.
 */
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { FleetResponse, TaskView } from '../api-types';
import { changesRow, type LiveDaemonState, type LiveEvent, type LiveInstanceUpdate, type LiveStatusMessage } from '../live';
import { applyEventToFleet, applyRowsToFleet } from '../live-cache';
import { allInstanceKeys, daemonKeys, eventKeys, instanceKeys, lxdKeys, memberKeys, networkKeys, projectKeys, snapshotKeys, storageKeys, warningKeys } from '../query-keys';
import { apiFetch } from './client';
import { applyTaskUpdate } from './tasks';

export const EVENTS_URL = '/api/v1/events';

export type LiveConnectionState = 'connecting' | 'live' | 'reconnecting';

export interface LiveSnapshot {
  state: LiveConnectionState;
  /** Hangar's own subscription to each daemon, as the server last reported it. */
  daemons: LiveDaemonState[];
}

const INITIAL: LiveSnapshot = { state: 'connecting', daemons: [] };
const MAX_RETRY_MS = 30_000;

/**
 * Puts `change` into every cached fleet list. A filtered list may or may not include the row:
 * only the server knows, so it is asked again (when `refetchFiltered`).
 */
function changeFleetLists(
  queryClient: QueryClient,
  change: (data: FleetResponse) => FleetResponse | null,
  refetchFiltered: boolean,
): void {
  for (const [key, data] of queryClient.getQueriesData<FleetResponse>({ queryKey: instanceKeys.lists() })) {
    if (!data) continue;
    const filters = key[2];
    if (filters && typeof filters === 'object' && Object.values(filters).some(Boolean)) {
      if (refetchFiltered) void queryClient.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const next = change(data);
    if (next) queryClient.setQueryData(key, next);
  }
}

/**
 * Lifecycle actions (by prefix) that change the infrastructure lists. An instance created or
 * deleted also changes its volumes, its project's usage and its member's count.
 */
const INFRA_EVENTS: [string, (readonly unknown[])[]][] = [
  ['storage-pool-', [storageKeys.all]],
  ['storage-volume-', [storageKeys.all]],
  ['network-', [networkKeys.all]],
  ['project-', [projectKeys.all, lxdKeys.all]],
  ['cluster-member-', [memberKeys.all, ...allInstanceKeys]],
  ['warning-', [warningKeys.all]],
  ['instance-created', [storageKeys.all, projectKeys.all, memberKeys.all]],
  ['instance-deleted', [storageKeys.all, projectKeys.all, memberKeys.all]],
];

function invalidateInfrastructure(queryClient: QueryClient, action: string): void {
  for (const [prefix, keys] of INFRA_EVENTS) {
    if (action.startsWith(prefix)) for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  }
}

/** Applies one daemon event to the caches it concerns; exported for the share pages' own streams. */
export function applyLiveEvent(queryClient: QueryClient, event: LiveEvent): void {
  if (event.type === 'lifecycle') invalidateInfrastructure(queryClient, event.action);
  if (event.type !== 'lifecycle' || !event.instance) return;
  const { daemon, project, instance, action } = event;
  const rowChanged = changesRow(action) || action === 'instance-deleted';
  if (rowChanged) void queryClient.invalidateQueries({ queryKey: instanceKeys.detail(daemon, project, instance) });
  if (action.startsWith('instance-snapshot-')) {
    void queryClient.invalidateQueries({ queryKey: snapshotKeys.instance(daemon, project, instance) });
  }
  changeFleetLists(queryClient, (data) => applyEventToFleet(data, event), rowChanged);
}

/** Puts instances' fresh rows into the fleet lists. */
export function applyInstanceUpdates(queryClient: QueryClient, updates: LiveInstanceUpdate[]): void {
  changeFleetLists(queryClient, (data) => applyRowsToFleet(data, updates), false);
}

/**
 * Rows arriving within this long are applied together: one new list, one render. A state
 * refresh's rows arrive together, so a short wait gathers them; a single change waits no longer.
 */
const ROW_BATCH_MS = 25;

class LiveConnection {
  private source: EventSource | undefined;
  private snapshot: LiveSnapshot = INITIAL;
  private readonly watchers = new Set<() => void>();
  private readonly listeners = new Set<(event: LiveEvent) => void>();
  private readonly clients = new Map<QueryClient, number>();
  private lastId: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retries = 0;
  private rows: LiveInstanceUpdate[] = [];
  private rowTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly url: string) {}

  /** Keeps the stream open (and applying to this query client) until the returned function is called. */
  retain(queryClient: QueryClient): () => void {
    this.clients.set(queryClient, (this.clients.get(queryClient) ?? 0) + 1);
    this.ensureOpen();
    return () => {
      const count = (this.clients.get(queryClient) ?? 1) - 1;
      if (count > 0) this.clients.set(queryClient, count);
      else this.clients.delete(queryClient);
      this.closeIfUnused();
    };
  }

  listen(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  watch = (onChange: () => void): (() => void) => {
    this.watchers.add(onChange);
    return () => this.watchers.delete(onChange);
  };

  current = (): LiveSnapshot => this.snapshot;

  private set(patch: Partial<LiveSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const watcher of this.watchers) watcher();
  }

  private ensureOpen(): void {
    if (this.source || this.retryTimer !== undefined) return;
    const url = this.lastId ? `${this.url}?lastEventId=${encodeURIComponent(this.lastId)}` : this.url;
    const source = new EventSource(url);
    this.source = source;
    source.onopen = () => {
      this.retries = 0;
      this.set({ state: 'live' });
    };
    source.onmessage = (message) => {
      if (message.lastEventId) this.lastId = message.lastEventId;
      // Rows that came before this event apply before it (a deletion must not be undone by them).
      this.flushRows();
      const event = JSON.parse(message.data) as LiveEvent;
      for (const client of this.clients.keys()) applyLiveEvent(client, event);
      for (const listener of this.listeners) listener(event);
    };
    source.addEventListener('instance', (message) => {
      const { lastEventId, data } = message as MessageEvent<string>;
      if (lastEventId) this.lastId = lastEventId;
      this.rows.push(JSON.parse(data) as LiveInstanceUpdate);
      this.rowTimer ??= setTimeout(() => this.flushRows(), ROW_BATCH_MS);
    });
    source.addEventListener('task', (message) => {
      const task = JSON.parse((message as MessageEvent<string>).data) as TaskView;
      for (const client of this.clients.keys()) applyTaskUpdate(client, task);
    });
    source.addEventListener('status', (message) => {
      const { daemons } = JSON.parse((message as MessageEvent<string>).data) as LiveStatusMessage;
      const changed = connectionsChanged(this.snapshot.daemons, daemons);
      this.set({ daemons });
      // A daemon that went away or came back: its health on the daemons list changed too.
      if (changed) for (const client of this.clients.keys()) void client.invalidateQueries({ queryKey: daemonKeys.all });
    });
    source.addEventListener('reset', () => {
      // We missed more than the server still holds: everything instance-shaped may be stale.
      for (const client of this.clients.keys()) {
        for (const queryKey of [...allInstanceKeys, eventKeys.all]) void client.invalidateQueries({ queryKey });
      }
    });
    source.onerror = () => {
      this.set({ state: 'reconnecting' });
      if (source.readyState !== EventSource.CLOSED) return; // the browser retries by itself
      // Closed for good (e.g. the server answered 401 or 502): try again ourselves, backing off.
      this.source = undefined;
      const delay = Math.min(MAX_RETRY_MS, 1000 * 2 ** this.retries++);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (this.clients.size > 0) this.ensureOpen();
      }, delay);
    };
  }

  private flushRows(): void {
    clearTimeout(this.rowTimer);
    this.rowTimer = undefined;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    for (const client of this.clients.keys()) applyInstanceUpdates(client, rows);
  }

  private closeIfUnused(): void {
    if (this.clients.size > 0) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.source?.close();
    this.source = undefined;
    this.set(INITIAL);
  }
}

function connectionsChanged(before: LiveDaemonState[], after: LiveDaemonState[]): boolean {
  if (before.length !== after.length) return true;
  return after.some((d, i) => d.id !== before[i].id || (d.state === 'connected') !== (before[i].state === 'connected'));
}

const connections = new Map<string, LiveConnection>();

function connection(url: string): LiveConnection {
  let live = connections.get(url);
  if (!live) {
    live = new LiveConnection(url);
    connections.set(url, live);
  }
  return live;
}

/** Mount once per page (the console shell does): keeps this tab's stream open and the caches current. */
export function useLiveEvents(url = EVENTS_URL): void {
  const queryClient = useQueryClient();
  useEffect(() => connection(url).retain(queryClient), [queryClient, url]);
}

/** Whether the stream is live, and how Hangar's subscription to each daemon is doing. */
export function useLiveStatus(url = EVENTS_URL): LiveSnapshot {
  const live = connection(url);
  return useSyncExternalStore(live.watch, live.current, () => INITIAL);
}

/** Calls `listener` with every event the stream delivers while the component is mounted. */
export function useLiveEventListener(listener: (event: LiveEvent) => void, url = EVENTS_URL): void {
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => connection(url).listen((event) => latest.current(event)), [url]);
}

/** The latest events (from the server's recent history), then kept current by the stream. */
export function useRecentEvents(limit = 100) {
  const queryClient = useQueryClient();
  useLiveEventListener((event) => {
    queryClient.setQueryData<LiveEvent[]>(eventKeys.recent(), (old) => (old ? [...old, event].slice(-limit) : old));
  });
  return useQuery({
    queryKey: eventKeys.recent(),
    queryFn: () => apiFetch<LiveEvent[]>(`/api/v1/events/recent?limit=${limit}`),
    staleTime: Infinity,
  });
}
