import type { FleetInstance } from '@/lib/api-types';
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
import { toFleetInstance } from '../fleet/fleet';
import { LxdError } from '../lxd/errors';
import type { Services } from '../services';
import { DaemonStream, DEFAULT_TIMING, EVENTS_PATH, type StreamTiming } from './daemon-stream';
import { parseLxdEvent, toLiveEvent } from './parse';
import { InstanceSnapshot, type SnapshotChange } from './snapshot';
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

interface Feed {
  id: string;
  name: string;
  version: number;
  stream: DaemonStream;
  snapshot: InstanceSnapshot;
  state: LiveDaemonState;
  /** Rows being fetched, by "project/name". */
  refreshing: Map<string, RowRefresh>;
  /** Last status sent per running operation, to thin out progress-only updates. */
  operations: Map<string, { status: string; at: number }>;
}

/** Messages kept for clients that reconnect (Last-Event-ID) and for the dashboard's recent events. */
const BACKLOG = 1000;
const ROW_TIMEOUT_MS = 3000;
const LIST_TIMEOUT_MS = 20_000;
const PROGRESS_EVERY_MS = 500;
const RECONCILE_EVERY_MS = 60_000;

/**
 * One `/1.0/events` subscription per registered daemon, shared by every open browser. Follows the
 * registry (daemons added, renamed, removed), keeps a short history with ids so a browser that
 * reconnects gets what it missed, and after a daemon reconnects compares its full instance list
 * with what the events said so that changes made meanwhile still reach the browsers.
 */
export class EventHub {
  private readonly feeds = new Map<string, Feed>();
  private readonly subscribers = new Set<HubSubscriber>();
  private readonly backlog: Envelope[] = [];
  /** Distinguishes this process's event ids from a previous one's. */
  readonly epoch = Date.now().toString(36);
  private seq = 0;
  private reconcileTimer: NodeJS.Timeout | undefined;
  private unlisten: (() => void) | undefined;
  private reconciling: Promise<void> = Promise.resolve();

  constructor(
    private readonly s: Services,
    private readonly timing: StreamTiming = DEFAULT_TIMING,
  ) {}

  start(): this {
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
    for (const feed of this.feeds.values()) feed.stream.stop();
    this.feeds.clear();
    this.subscribers.clear();
  }

  subscribe(subscriber: HubSubscriber): () => void {
    this.subscribers.add(subscriber);
    subscriber.status(this.statusMessage());
    return () => this.subscribers.delete(subscriber);
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
        feed.stream.stop();
        this.feeds.delete(id);
      }
      for (const row of rows) {
        const feed = this.feeds.get(row.id);
        if (feed && feed.version === row.updated_at) {
          if (feed.name !== row.name) this.rename(feed, row.name);
          continue;
        }
        feed?.stream.stop();
        this.startFeed(row);
      }
      this.broadcastStatus();
    });
  }

  private startFeed(row: DaemonRow): void {
    const feed: Feed = {
      id: row.id,
      name: row.name,
      version: row.updated_at,
      snapshot: new InstanceSnapshot(),
      state: { id: row.id, name: row.name, state: 'connecting', since: Date.now() },
      refreshing: new Map(),
      operations: new Map(),
      stream: undefined as unknown as DaemonStream,
    };
    feed.stream = new DaemonStream(
      {
        target: async () => this.s.daemons.client(await this.s.daemons.row(feed.id)).webSocket(EVENTS_PATH),
        message: (text) => this.onMessage(feed, text),
        opened: () => void this.resync(feed),
        state: (state, error) => this.setState(feed, state, error),
      },
      this.timing,
    );
    this.feeds.set(row.id, feed);
    feed.stream.start();
  }

  private rename(feed: Feed, name: string): void {
    feed.name = name;
    feed.state = { ...feed.state, name };
  }

  private setState(feed: Feed, state: LiveDaemonConnection, error?: string): void {
    if (this.feeds.get(feed.id) !== feed) return;
    if (feed.state.state === state && feed.state.error === error) return;
    feed.state = { id: feed.id, name: feed.name, state, since: Date.now(), ...(error ? { error } : {}) };
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
    if (event.operation && !this.operationWorthSending(feed, event)) return;
    if (event.type === 'lifecycle' && event.instance) {
      feed.snapshot.apply(event);
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
        const row = await this.fetchRow(feed, project, name);
        if (row && refresh.epoch === epoch && this.feeds.get(feed.id) === feed) {
          feed.snapshot.applyRow(row);
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

  private async fetchRow(feed: Feed, project: string, name: string): Promise<FleetInstance | undefined> {
    try {
      const row = await this.s.daemons.row(feed.id);
      const path = `/1.0/instances/${encodeURIComponent(name)}?project=${encodeURIComponent(project)}&recursion=1`;
      const instance = await this.s.daemons.client(row).get<LxdInstance>(path, ROW_TIMEOUT_MS);
      return toFleetInstance({ id: feed.id, name: feed.name }, instance);
    } catch (error) {
      // 404: deleted meanwhile, its own event says so. Anything else: the browser's poll catches up.
      if (!(error instanceof LxdError && error.status === 404)) {
        console.error(`[hangar] events: could not read ${name} on ${feed.name}:`, (error as Error).message);
      }
      return undefined;
    }
  }

  /** After (re)connecting: the daemon's full list, compared with what the events said. */
  private async resync(feed: Feed): Promise<void> {
    // Operations still running when the stream dropped may have ended unseen.
    feed.operations.clear();
    const fetchedAt = Date.now();
    let rows: FleetInstance[];
    try {
      const row = await this.s.daemons.row(feed.id);
      const list = await this.s.daemons
        .client(row)
        .get<LxdInstance[]>('/1.0/instances?recursion=2&all-projects=true', LIST_TIMEOUT_MS);
      rows = list.map((instance) => toFleetInstance({ id: feed.id, name: feed.name }, instance));
    } catch (error) {
      console.error(`[hangar] events: could not resynchronise ${feed.name}:`, (error as Error).message);
      return;
    }
    if (this.feeds.get(feed.id) !== feed) return;
    for (const change of feed.snapshot.reconcile(rows, fetchedAt)) {
      this.publish('message', this.resyncEvent(feed, change));
      if (change.row) {
        this.publish('instance', { daemon: feed.id, daemonName: feed.name, project: change.project, instance: change.name, row: change.row, resync: true });
      }
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

declare global {
  // Next's route bundles and the custom server share one hub, like they share services().
  var __hangarEventHub: EventHub | undefined;
}

/** The process's hub, started on first use (the custom server starts it at boot). */
export function eventHub(s: Services): EventHub {
  globalThis.__hangarEventHub ??= new EventHub(s).start();
  return globalThis.__hangarEventHub;
}

export function stopEventHub(): void {
  globalThis.__hangarEventHub?.close();
  globalThis.__hangarEventHub = undefined;
}
