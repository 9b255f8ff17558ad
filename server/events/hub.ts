import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import {
  actionForStatus,
  changesRow,
  type LiveDaemonConnection,
  type LiveDaemonState,
  type LiveEvent,
  type LiveInstanceUpdate,
  type LiveStatusMessage,
  type LiveSubject,
} from '@/lib/live';
import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import { fetchDaemonFleet, fetchStates, matchesFilter, type FleetFilter } from '../fleet/fleet';
import { toFleetInstance } from '../fleet/row';
import { LxdError } from '../lxd/errors';
import type { Services } from '../services';
import { DaemonStream, DEFAULT_TIMING, EVENTS_PATH, type StreamTiming } from './daemon-stream';
import { parseLxdEvent, toLiveEvent } from './parse';
import { DaemonInstances, type SnapshotChange, type StateReading } from './snapshot';
import { viewFor, type Audience } from './visibility';

/** SSE event names: daemon events are the default `message`; fresh rows are `instance`. */
export type HubMessageKind = 'message' | 'instance';

/** Someone listening to the hub: one browser tab's SSE stream, a share page's, a benchmark. */
export interface HubSubscriber {
  audience: Audience;
  /** Narrows further what this subscriber gets, e.g. to a share link's scope. */
  filter?: (subject: LiveSubject) => boolean;
  /** `data` is the JSON of a LiveEvent (kind `message`) or LiveInstanceUpdate (kind `instance`), cut down for the audience. */
  message(id: string, kind: HubMessageKind, data: string): void;
  status(message: LiveStatusMessage): void;
}

type View = { event?: LiveEvent; data: string } | null;

interface Envelope {
  seq: number;
  kind: HubMessageKind;
  payload: LiveEvent | LiveInstanceUpdate;
  /** The payload as each audience sees it, serialised once however many subscribers there are. */
  views: Partial<Record<Audience, View>>;
}

/** A row being fetched for one instance; events meanwhile ask for one more fetch, not one each. */
interface RowRefresh {
  again: boolean;
  /** Bumped when the instance is deleted or renamed away, so a row fetched before that is dropped. */
  epoch: number;
}

/** A daemon's full list being fetched: never two at once; a reconnect meanwhile asks for one more. */
interface Sync {
  running: Promise<void> | undefined;
  again: boolean;
  /** Why the last full list failed, while the model has never been filled. */
  error?: string;
}

interface Feed {
  id: string;
  name: string;
  version: number;
  stream: DaemonStream;
  snapshot: DaemonInstances;
  state: LiveDaemonState;
  /** Rows being fetched, by "project/name". */
  refreshing: Map<string, RowRefresh>;
  sync: Sync;
  refreshTimer: NodeJS.Timeout | undefined;
  /** Periodic refreshes since the last full list. */
  refreshes: number;
  /** Last status sent per running operation, to thin out progress-only updates. */
  operations: Map<string, { status: string; at: number }>;
  /** New at every lifecycle event and connection change: what was read of the daemon before may be stale. */
  mark: number;
}

/** Messages kept for clients that reconnect (Last-Event-ID) and for the dashboard's recent events. */
const BACKLOG = 1000;
const ROW_TIMEOUT_MS = 3000;
const PROGRESS_EVERY_MS = 500;
const RECONCILE_EVERY_MS = 60_000;
/** A fleet list reads the registry at most this often (like DaemonRegistry's row cache). */
const REGISTRY_READ_MS = 1000;
/**
 * Every this many state refreshes the daemon's whole list is read again, in case an event was
 * lost without the stream dropping; in between only the running instances' state is asked.
 */
const FULL_LIST_EVERY = 6;
/** How long the fleet list waits for a daemon's first list. */
const FIRST_LOAD_WAIT_MS = 8000;
export const DEFAULT_STATE_REFRESH_S = 10;

export interface HubOptions {
  timing?: StreamTiming;
  /** Seconds between state refreshes of each daemon (HANGAR_STATE_REFRESH_S). */
  refreshS?: number;
}

/**
 * `HANGAR_STATE_REFRESH_S`: seconds between state refreshes of each daemon's running instances
 * (default 10). Anything else is refused at start with the reason.
 */
export function stateRefreshSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HANGAR_STATE_REFRESH_S;
  if (raw === undefined || raw === '') return DEFAULT_STATE_REFRESH_S;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 3600) {
    throw new Error(`HANGAR_STATE_REFRESH_S must be a whole number of seconds from 1 to 3600, got "${raw}"`);
  }
  return value;
}

/**
 * The live fleet: one `/1.0/events` subscription per registered daemon, shared by every open
 * browser, and every daemon's instances held in memory (DaemonInstances). Each daemon's list is
 * fetched once when its stream opens (and again after every reconnect, what changed meanwhile
 * sent as events), kept current by its events, and its running instances' state refreshed at a
 * fixed rate whoever is watching. Follows the registry (daemons added, renamed, removed) and keeps
 * a short history with ids so a browser that reconnects gets what it missed.
 */
export class EventHub {
  private readonly feeds = new Map<string, Feed>();
  private readonly subscribers = new Set<HubSubscriber>();
  /** Change marks are drawn from one counter, so a daemon's restarted feed never repeats an old one. */
  private marks = 0;
  private readonly backlog: Envelope[] = [];
  /** Distinguishes this process's event ids from a previous one's. */
  readonly epoch = Date.now().toString(36);
  private seq = 0;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private reconciling: Promise<void> = Promise.resolve();
  private started = false;
  private readonly timing: StreamTiming;
  readonly refreshMs: number;
  /** Bumped whenever anything the fleet list shows may have changed. */
  private changes = 0;
  /** When a list last read the registry for daemons another replica added (epoch ms). */
  private registryReadAt = 0;

  constructor(
    private readonly s: Services,
    options: HubOptions = {},
  ) {
    this.timing = options.timing ?? DEFAULT_TIMING;
    this.refreshMs = (options.refreshS ?? DEFAULT_STATE_REFRESH_S) * 1000;
  }

  /** Subscribes to every daemon; idempotent. */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.unlisten = this.s.daemons.onChange(() => this.reconcile());
    // Another replica sharing the database may add or remove daemons; look now and then.
    this.reconcileTimer = setInterval(() => this.reconcile(), RECONCILE_EVERY_MS);
    this.reconcileTimer.unref();
    this.reconcile();
    return this;
  }

  close(): void {
    clearInterval(this.reconcileTimer);
    this.unlisten?.();
    for (const feed of this.feeds.values()) this.stopFeed(feed);
    this.feeds.clear();
    this.subscribers.clear();
  }

  subscribe(subscriber: HubSubscriber): () => void {
    this.subscribers.add(subscriber);
    subscriber.status(this.statusMessage());
    return () => this.subscribers.delete(subscriber);
  }

  /**
   * A number that changes whenever something may have changed on the daemon (any lifecycle event,
   * a lost or regained stream); undefined while its stream is not connected, when nothing read of
   * it may be kept.
   */
  changeMark(daemonId: string): number | undefined {
    const feed = this.feeds.get(daemonId);
    return feed?.state.state === 'connected' ? feed.mark : undefined;
  }

  statusMessage(): LiveStatusMessage {
    return { daemons: [...this.feeds.values()].map((f) => f.state).sort((a, b) => a.name.localeCompare(b.name)) };
  }

  /**
   * Sends a subscriber what it missed after `lastId` (an SSE Last-Event-ID). False when that is
   * not possible (another process's id, or too old): the caller must tell it to reload.
   */
  replay(lastId: string, subscriber: HubSubscriber): boolean {
    const [epoch, seqText] = lastId.split(':');
    const seq = Number(seqText);
    if (epoch !== this.epoch || !Number.isInteger(seq) || seq > this.seq) return false;
    const oldest = this.backlog[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1) return false;
    for (const envelope of this.backlog) {
      if (envelope.seq > seq) this.deliver(envelope, subscriber);
    }
    return true;
  }

  /** The latest daemon events an audience may see, oldest first. */
  recent(audience: Audience, limit: number, filter?: (subject: LiveSubject) => boolean): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = this.backlog.length - 1; i >= 0 && out.length < limit; i--) {
      const envelope = this.backlog[i];
      if (envelope.kind !== 'message') continue;
      const event = this.view(envelope, audience)?.event;
      if (event && (!filter || filter(event))) out.push(event);
    }
    return out.reverse();
  }

  /** Starts feeds for new daemons, stops them for removed ones, follows renames and new credentials. */
  reconcile(): void {
    this.reconciling = this.reconciling.then(async () => {
      let rows: DaemonRow[];
      try {
        rows = await this.s.daemons.rows();
      } catch (error) {
        console.error('[hangar] events: cannot read the daemons:', (error as Error).message);
        return;
      }
      const ids = new Set(rows.map((r) => r.id));
      for (const [id, feed] of this.feeds) {
        if (ids.has(id)) continue;
        this.stopFeed(feed);
        this.feeds.delete(id);
      }
      for (const row of rows) {
        const feed = this.feeds.get(row.id);
        if (feed && feed.version === row.updated_at) {
          if (feed.name !== row.name) this.rename(feed, row.name);
          continue;
        }
        if (feed) this.stopFeed(feed);
        this.startFeed(row);
      }
      this.changes++;
      this.broadcastStatus();
    });
  }

  private stopFeed(feed: Feed): void {
    clearInterval(feed.refreshTimer);
    clearTimeout(feed.refreshTimer);
    feed.stream.stop();
  }

  private startFeed(row: DaemonRow): void {
    const feed: Feed = {
      id: row.id,
      name: row.name,
      version: row.updated_at,
      snapshot: new DaemonInstances(),
      state: { id: row.id, name: row.name, state: 'connecting', since: Date.now() },
      refreshing: new Map(),
      sync: { running: undefined, again: false },
      refreshTimer: undefined,
      refreshes: 0,
      operations: new Map(),
      mark: ++this.marks,
      stream: undefined as unknown as DaemonStream,
    };
    feed.stream = new DaemonStream(
      {
        target: async () => this.s.daemons.client(await this.s.daemons.row(feed.id)).webSocket(EVENTS_PATH),
        message: (text) => this.onMessage(feed, text),
        opened: () => this.resync(feed),
        state: (state, error) => this.setState(feed, state, error),
      },
      this.timing,
    );
    this.feeds.set(row.id, feed);
    feed.stream.start();
    // A fixed rate whoever watches, half an interval off the history sampler's grid so that each
    // of its rounds finds one fresh reading.
    feed.refreshTimer = setTimeout(() => {
      this.refresh(feed);
      feed.refreshTimer = setInterval(() => this.refresh(feed), this.refreshMs);
      feed.refreshTimer.unref();
    }, (this.refreshMs * 1.5 - (Date.now() % this.refreshMs)) % this.refreshMs);
    feed.refreshTimer.unref();
  }

  /**
   * The periodic refresh: the running instances' state, and now and then the whole list; skipped
   * while the stream is down or the last one still runs.
   */
  private refresh(feed: Feed): void {
    if (feed.state.state !== 'connected' || !feed.snapshot.isLoaded || feed.sync.running) return;
    this.startSync(feed, ++feed.refreshes % FULL_LIST_EVERY === 0 ? 'full' : 'states');
  }

  private rename(feed: Feed, name: string): void {
    feed.name = name;
    feed.state = { ...feed.state, name };
  }

  private setState(feed: Feed, state: LiveDaemonConnection, error?: string): void {
    if (this.feeds.get(feed.id) !== feed) return;
    if (feed.state.state === state && feed.state.error === error) return;
    feed.state = { id: feed.id, name: feed.name, state, since: Date.now(), ...(error ? { error } : {}) };
    this.changes++;
    feed.mark = ++this.marks;
    if (state === 'reconnecting' || (state === 'connecting' && error)) {
      console.log(`[hangar] events: ${feed.name} ${state}: ${error}`);
    }
    this.broadcastStatus();
  }

  private broadcastStatus(): void {
    const message = this.statusMessage();
    for (const subscriber of this.subscribers) subscriber.status(message);
  }

  private onMessage(feed: Feed, text: string): void {
    const raw = parseLxdEvent(text);
    if (!raw) return;
    const event = toLiveEvent(feed, raw);
    if (event.type === 'lifecycle') feed.mark = ++this.marks;
    if (event.operation && !this.operationWorthSending(feed, event)) return;
    if (event.type === 'lifecycle' && event.instance) {
      feed.snapshot.apply(event);
      this.changes++;
      const oldName = event.context?.old_name;
      if (event.action === 'instance-deleted') this.dropRowRefresh(feed, event.project, event.instance);
      if (event.action === 'instance-renamed' && typeof oldName === 'string') this.dropRowRefresh(feed, event.project, oldName);
    }
    this.publish('message', event);
    if (event.type === 'lifecycle' && event.instance && changesRow(event.action)) {
      this.refreshRow(feed, event.project, event.instance);
    }
  }

  /** Progress updates of a running operation arrive many times a second; a status change always goes out. */
  private operationWorthSending(feed: Feed, event: LiveEvent): boolean {
    const op = event.operation!;
    const now = Date.now();
    const last = feed.operations.get(op.id);
    if (op.status_code >= 200) {
      feed.operations.delete(op.id);
      return true;
    }
    if (last && last.status === op.status && now - last.at < PROGRESS_EVERY_MS) return false;
    feed.operations.set(op.id, { status: op.status, at: now });
    return true;
  }

  /** Asks the daemon for the instance's row and sends it; one fetch at a time per instance. */
  private refreshRow(feed: Feed, project: string, name: string): void {
    const key = `${project}/${name}`;
    const running = feed.refreshing.get(key);
    if (running) {
      running.again = true;
      return;
    }
    const refresh: RowRefresh = { again: false, epoch: 0 };
    feed.refreshing.set(key, refresh);
    void (async () => {
      do {
        refresh.again = false;
        const epoch = refresh.epoch;
        const fetched = await this.fetchRow(feed, project, name);
        if (fetched && refresh.epoch === epoch && this.feeds.get(feed.id) === feed) {
          const { row, state } = fetched;
          feed.snapshot.applyRow(row, Date.now(), state);
          this.publish('instance', { daemon: feed.id, daemonName: feed.name, project, instance: name, row });
        }
      } while (refresh.again);
      feed.refreshing.delete(key);
    })();
  }

  private dropRowRefresh(feed: Feed, project: string, name: string): void {
    const refresh = feed.refreshing.get(`${project}/${name}`);
    if (refresh) {
      refresh.epoch++;
      refresh.again = false;
    }
  }

  private async fetchRow(feed: Feed, project: string, name: string): Promise<{ row: FleetInstance; state: LxdInstance['state'] } | undefined> {
    try {
      const row = await this.s.daemons.row(feed.id);
      const path = `/1.0/instances/${encodeURIComponent(name)}?project=${encodeURIComponent(project)}&recursion=1`;
      // Not the background lane: a row after an event is what someone waits to see, never behind a refresh.
      const instance = await this.s.daemons.client(row).get<LxdInstance>(path, ROW_TIMEOUT_MS);
      return { row: toFleetInstance({ id: feed.id, name: feed.name }, instance), state: instance.state };
    } catch (error) {
      // 404: deleted meanwhile, its own event says so. Anything else: the browser's poll catches up.
      if (!(error instanceof LxdError && error.status === 404)) {
        console.error(`[hangar] events: could not read ${name} on ${feed.name}:`, (error as Error).message);
      }
      return undefined;
    }
  }

  /** After (re)connecting: the daemon's full list, compared with what the events said. */
  private resync(feed: Feed): void {
    // Operations still running when the stream dropped may have ended unseen.
    feed.operations.clear();
    if (feed.sync.running) feed.sync.again = true;
    else this.startSync(feed);
  }

  /** A full list (`again` always asks for one more) or, between them, the running instances' state. */
  private startSync(feed: Feed, kind: 'full' | 'states' = 'full'): void {
    feed.sync.running = (async () => {
      let next = kind;
      do {
        feed.sync.again = false;
        await this.syncOnce(feed, next);
        next = 'full';
      } while (feed.sync.again && this.feeds.get(feed.id) === feed);
    })().finally(() => (feed.sync.running = undefined));
  }

  /** The daemon's full list (state of the running ones only), or those states alone, into the model; what changed goes out. */
  private async syncOnce(feed: Feed, kind: 'full' | 'states'): Promise<void> {
    const fetchedAt = Date.now();
    let fetched: { rows?: FleetInstance[]; states: Map<string, StateReading> };
    try {
      const client = this.s.daemons.client(await this.s.daemons.row(feed.id));
      fetched =
        kind === 'full'
          ? await fetchDaemonFleet(client, { id: feed.id, name: feed.name })
          : { states: await fetchStates(client, feed.snapshot.running()) };
      if (kind === 'full') feed.refreshes = 0;
    } catch (error) {
      const message = (error as Error).message;
      // A refusal (trust removed, certificate changed) is the daemon's answer, not a passing fault:
      // what the model holds of it can no longer be shown as current.
      if (!feed.snapshot.isLoaded || refused(error)) feed.sync.error = message;
      console.error(`[hangar] events: could not list the instances of ${feed.name}:`, message);
      return;
    }
    if (this.feeds.get(feed.id) !== feed) return;
    const wasCurrent = feed.snapshot.isLoaded && feed.sync.error === undefined;
    feed.sync.error = undefined;
    const changes = fetched.rows ? feed.snapshot.reconcile(fetched.rows, fetchedAt, fetched.states) : feed.snapshot.applyStates(fetched.states, fetchedAt);
    // The list's version moves only when its answer may: watchers' revalidations stay 304s from cache.
    if (!wasCurrent || changes.length > 0) this.changes++;
    for (const change of changes) {
      if (change.kind === 'usage') {
        this.publish('instance', { daemon: feed.id, daemonName: feed.name, project: change.project, instance: change.name, row: change.row! });
        continue;
      }
      this.publish('message', this.resyncEvent(feed, change));
      if (change.row) {
        this.publish('instance', { daemon: feed.id, daemonName: feed.name, project: change.project, instance: change.name, row: change.row, resync: true });
      }
    }
  }

  /** Reads a daemon's list again now: someone saw it answer otherwise than the model assumes. */
  recheck(daemonId: string): Promise<void> {
    const feed = this.feeds.get(daemonId);
    if (!feed) return Promise.resolve();
    if (feed.sync.running) feed.sync.again = true;
    else this.startSync(feed);
    return feed.sync.running ?? Promise.resolve();
  }

  /** A number that changes whenever the fleet list may answer differently. */
  get version(): string {
    return `${this.epoch}.${this.changes}`;
  }

  /**
   * The fleet list from memory: every instance of the chosen daemons, filtered. A daemon whose
   * stream is down, or whose first list is not in yet, is reported in `errors`.
   */
  async fleet(filter: FleetFilter): Promise<FleetResponse> {
    await this.ready(filter.daemon);
    return this.list(filter);
  }

  /** Waits (briefly) for the chosen daemons' first list. */
  async ready(daemon?: string): Promise<void> {
    await this.followRegistry();
    await Promise.all(this.chosen(daemon).map((f) => this.settled(f)));
  }

  /** The fleet list as the model holds it now (see fleet()). */
  list(filter: FleetFilter): FleetResponse {
    const instances: FleetInstance[] = [];
    const errors: FleetResponse['errors'] = [];
    for (const feed of this.chosen(filter.daemon)) {
      const problem = this.unavailable(feed);
      if (problem) {
        errors.push({ daemon: feed.name, message: problem });
        continue;
      }
      for (const row of feed.snapshot.rows()) if (matchesFilter(row, filter)) instances.push(row);
    }
    return { instances, errors };
  }

  private chosen(daemon?: string): Feed[] {
    return [...this.feeds.values()]
      .filter((f) => !daemon || f.id === daemon || f.name === daemon)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Why a daemon's instances cannot be listed now, or undefined when they can. */
  private unavailable(feed: Feed): string | undefined {
    if (feed.state.state !== 'connected') return feed.state.error ?? `the daemon is ${feed.state.state}`;
    if (feed.sync.error) return feed.sync.error;
    if (!feed.snapshot.isLoaded) return 'the daemon did not list its instances in time';
    return undefined;
  }

  /**
   * The latest state reading of each running instance of a daemon (for the usage history), or
   * undefined while its stream is down or its list not in.
   */
  readings(daemonId: string): { project: string; name: string; reading: StateReading }[] | undefined {
    const feed = this.feeds.get(daemonId);
    if (!feed || this.unavailable(feed)) return undefined;
    return [...feed.snapshot.readings()];
  }

  /** Daemons added by another replica (or this one a moment ago) get their feed before listing. */
  private async followRegistry(): Promise<void> {
    this.start();
    await this.reconciling;
    // This process's own changes reconcile at once (onChange); another replica's show within this.
    if (Date.now() - this.registryReadAt < REGISTRY_READ_MS) return;
    this.registryReadAt = Date.now();
    const rows = await this.s.daemons.rows();
    if (rows.some((r) => !this.feeds.has(r.id)) || rows.length !== this.feeds.size) {
      this.reconcile();
      await this.reconciling;
    }
  }

  /** Until the daemon's first list is in, or its stream fails (at most FIRST_LOAD_WAIT_MS). */
  private async settled(feed: Feed): Promise<void> {
    const deadline = Date.now() + FIRST_LOAD_WAIT_MS;
    while (!feed.snapshot.isLoaded && !feed.sync.error && feed.state.error === undefined && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 25));
    }
  }


  private resyncEvent(feed: Feed, change: SnapshotChange): LiveEvent {
    const action =
      change.kind === 'created'
        ? 'instance-created'
        : change.kind === 'deleted'
          ? 'instance-deleted'
          : change.row!.status !== change.before
            ? actionForStatus(change.row!.status)
            : 'instance-updated';
    return {
      daemon: feed.id,
      daemonName: feed.name,
      type: 'lifecycle',
      project: change.project,
      action,
      instance: change.name,
      ...(change.row ? { status: change.row.status, location: change.row.location } : {}),
      timestamp: new Date().toISOString(),
      source: `/1.0/instances/${encodeURIComponent(change.name)}${change.project === 'default' ? '' : `?project=${encodeURIComponent(change.project)}`}`,
      resync: true,
    };
  }

  private publish(kind: HubMessageKind, payload: LiveEvent | LiveInstanceUpdate): void {
    if (kind === 'instance') this.changes++;
    const envelope: Envelope = { seq: ++this.seq, kind, payload, views: {} };
    this.backlog.push(envelope);
    if (this.backlog.length > BACKLOG) this.backlog.shift();
    for (const subscriber of this.subscribers) this.deliver(envelope, subscriber);
  }

  private deliver(envelope: Envelope, subscriber: HubSubscriber): void {
    const view = this.view(envelope, subscriber.audience);
    if (!view || (subscriber.filter && !subscriber.filter(envelope.payload))) return;
    try {
      subscriber.message(`${this.epoch}:${envelope.seq}`, envelope.kind, view.data);
    } catch (error) {
      console.error('[hangar] events: a subscriber failed:', error);
    }
  }

  private view(envelope: Envelope, audience: Audience): View {
    let view = envelope.views[audience];
    if (view === undefined) {
      if (envelope.kind === 'instance') {
        // A fleet row holds nothing any role may not see: one serialisation serves everyone.
        view = { data: JSON.stringify(envelope.payload) };
        envelope.views.viewer = envelope.views.operator = envelope.views.admin = view;
      } else {
        const event = viewFor(audience, envelope.payload as LiveEvent);
        view = event ? { event, data: JSON.stringify(event) } : null;
        envelope.views[audience] = view;
      }
    }
    return view;
  }
}

/** The process's hub (it hangs off Services), started on first use; the custom server starts it at boot. */
export function eventHub(s: Services): EventHub {
  return s.events.start();
}

/** True when the daemon refused Hangar (no longer trusted, or another certificate than the pinned one). */
function refused(error: unknown): boolean {
  return error instanceof LxdError && (error.status === 401 || error.status === 403 || error.code === 'certificate_mismatch');
}
