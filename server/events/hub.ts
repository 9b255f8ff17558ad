import type { FleetInstance } from '@/lib/api-types';
import {
  actionForStatus,
  changesRow,
  type LiveDaemonConnection,
  type LiveDaemonState,
  type LiveEvent,
  type LiveStatusMessage,
} from '@/lib/live';
import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import { toFleetInstance } from '../fleet/fleet';
import type { Services } from '../services';
import { DaemonStream, DEFAULT_TIMING, EVENTS_PATH, type StreamTiming } from './daemon-stream';
import { parseLxdEvent, toLiveEvent } from './parse';
import { InstanceSnapshot, type SnapshotChange } from './snapshot';
import { viewFor, type Audience } from './visibility';

/** Someone listening to the hub: one browser tab's SSE stream, a share page's, a benchmark. */
export interface HubSubscriber {
  audience: Audience;
  /** Narrows further what this subscriber gets, e.g. to a share link's scope. */
  filter?: (event: LiveEvent) => boolean;
  /** `data` is the event as JSON, already cut down for the audience. */
  event(id: string, data: string): void;
  status(message: LiveStatusMessage): void;
}

interface Envelope {
  seq: number;
  event: LiveEvent;
  /** The event as each audience sees it, serialised once however many subscribers there are. */
  views: Partial<Record<Audience, { event: LiveEvent; data: string } | null>>;
}

interface Feed {
  id: string;
  name: string;
  version: number;
  stream: DaemonStream;
  snapshot: InstanceSnapshot;
  state: LiveDaemonState;
  /** Per instance, the end of its chain of events still being enriched, so they leave in order. */
  tails: Map<string, Promise<void>>;
  /** Last status sent per running operation, to thin out progress-only updates. */
  operations: Map<string, { status: string; at: number }>;
}

const RECENT_EVENTS = 1000;
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
  private readonly recentEvents: Envelope[] = [];
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

  get subscriberCount(): number {
    return this.subscribers.size;
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
    const oldest = this.recentEvents[0]?.seq ?? this.seq + 1;
    if (seq < oldest - 1) return false;
    for (const envelope of this.recentEvents) {
      if (envelope.seq > seq) this.deliver(envelope, subscriber);
    }
    return true;
  }

  /** The latest events an audience may see, oldest first. */
  recent(audience: Audience, limit: number, filter?: (event: LiveEvent) => boolean): LiveEvent[] {
    const out: LiveEvent[] = [];
    for (let i = this.recentEvents.length - 1; i >= 0 && out.length < limit; i--) {
      const view = this.view(this.recentEvents[i], audience);
      if (view && (!filter || filter(view.event))) out.push(view.event);
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
      tails: new Map(),
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
    if (!event.instance || event.type !== 'lifecycle') {
      this.publish(event);
      return;
    }
    const enrich = changesRow(event.action);
    this.inOrder(feed, event.project, event.instance, async () => {
      if (enrich) {
        const row = await this.fetchRow(feed, event.project, event.instance!);
        if (row) event.row = row;
      }
      feed.snapshot.apply(event);
      this.publish(event);
    });
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

  /** Runs `task` after the earlier events of the same instance have gone out. */
  private inOrder(feed: Feed, project: string, name: string, task: () => Promise<void>): void {
    const key = `${project}/${name}`;
    const next = (feed.tails.get(key) ?? Promise.resolve()).then(task).catch((error: unknown) => {
      console.error('[hangar] events: could not forward an event:', error);
    });
    feed.tails.set(key, next);
    void next.finally(() => {
      if (feed.tails.get(key) === next) feed.tails.delete(key);
    });
  }

  private async fetchRow(feed: Feed, project: string, name: string): Promise<FleetInstance | undefined> {
    try {
      const row = await this.s.daemons.row(feed.id);
      const path = `/1.0/instances/${encodeURIComponent(name)}?project=${encodeURIComponent(project)}&recursion=1`;
      const instance = await this.s.daemons.client(row).get<LxdInstance>(path, ROW_TIMEOUT_MS);
      return toFleetInstance({ id: feed.id, name: feed.name }, instance);
    } catch {
      // Gone already (deleted right after) or the daemon is busy: the event still goes out, without a row.
      return undefined;
    }
  }

  /** After (re)connecting: the daemon's full list, compared with what the events said. */
  private async resync(feed: Feed): Promise<void> {
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
    for (const change of feed.snapshot.reconcile(rows, fetchedAt)) this.publish(this.resyncEvent(feed, change));
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
      ...(change.row ? { status: change.row.status, row: change.row, location: change.row.location } : {}),
      timestamp: new Date().toISOString(),
      source: `/1.0/instances/${encodeURIComponent(change.name)}${change.project === 'default' ? '' : `?project=${encodeURIComponent(change.project)}`}`,
      resync: true,
    };
  }

  private publish(event: LiveEvent): void {
    const envelope: Envelope = { seq: ++this.seq, event, views: {} };
    this.recentEvents.push(envelope);
    if (this.recentEvents.length > RECENT_EVENTS) this.recentEvents.shift();
    for (const subscriber of this.subscribers) this.deliver(envelope, subscriber);
  }

  private deliver(envelope: Envelope, subscriber: HubSubscriber): void {
    const view = this.view(envelope, subscriber.audience);
    if (!view || (subscriber.filter && !subscriber.filter(view.event))) return;
    try {
      subscriber.event(`${this.epoch}:${envelope.seq}`, view.data);
    } catch (error) {
      console.error('[hangar] events: a subscriber failed:', error);
    }
  }

  private view(envelope: Envelope, audience: Audience): { event: LiveEvent; data: string } | null {
    let view = envelope.views[audience];
    if (view === undefined) {
      const event = viewFor(audience, envelope.event);
      view = event ? { event, data: JSON.stringify(event) } : null;
      envelope.views[audience] = view;
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
