import WebSocket, { type ClientOptions } from 'ws';
import type { LiveDaemonConnection } from '@/lib/live';

export const EVENTS_PATH = '/1.0/events?type=lifecycle,operation&all-projects=true';

export interface StreamTiming {
  /** How often to ping the daemon; a connection silent for twice this long is dropped. */
  heartbeatMs: number;
  /** First and largest wait before reconnecting; doubles in between, with jitter. */
  minBackoffMs: number;
  maxBackoffMs: number;
  handshakeTimeoutMs: number;
}

export const DEFAULT_TIMING: StreamTiming = {
  heartbeatMs: 15_000,
  minBackoffMs: 500,
  maxBackoffMs: 10_000,
  handshakeTimeoutMs: 10_000,
};

export interface StreamHandlers {
  /** Where to connect, asked afresh on every attempt (the daemon's credentials may have changed). */
  target(): Promise<{ url: string; options: ClientOptions }>;
  message(text: string): void;
  /** The websocket is open (first time or again): events flow from now on. */
  opened(): void;
  state(state: LiveDaemonConnection, error?: string): void;
}

/**
 * One daemon's `/1.0/events` websocket, kept open: pings it, drops it when it goes silent, and
 * reconnects with exponential backoff until stopped.
 */
export class DaemonStream {
  private socket: WebSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private attempt = 0;
  private everOpened = false;
  private stopped = false;
  private lastHeard = 0;

  constructor(
    private readonly handlers: StreamHandlers,
    private readonly timing: StreamTiming = DEFAULT_TIMING,
  ) {}

  start(): void {
    this.handlers.state('connecting');
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.teardown();
    this.handlers.state('stopped');
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    let target: { url: string; options: ClientOptions };
    try {
      target = await this.handlers.target();
    } catch (error) {
      this.retry(errorText(error));
      return;
    }
    if (this.stopped) return;
    const socket = new WebSocket(target.url, {
      ...target.options,
      handshakeTimeout: this.timing.handshakeTimeoutMs,
      perMessageDeflate: false,
    });
    this.socket = socket;
    let failure: string | undefined;
    socket.on('open', () => {
      this.everOpened = true;
      this.attempt = 0;
      this.lastHeard = Date.now();
      this.startHeartbeat(socket);
      this.handlers.state('connected');
      this.handlers.opened();
    });
    socket.on('message', (data) => {
      this.lastHeard = Date.now();
      this.handlers.message(data.toString());
    });
    socket.on('ping', () => (this.lastHeard = Date.now()));
    socket.on('pong', () => (this.lastHeard = Date.now()));
    socket.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        failure = daemonMessage(res.statusCode, Buffer.concat(chunks).toString('utf8'));
        socket.terminate();
      });
    });
    socket.on('error', (error) => (failure ??= errorText(error)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.teardown();
      this.retry(failure ?? 'the daemon closed the event stream');
    });
  }

  private startHeartbeat(socket: WebSocket): void {
    clearInterval(this.heartbeat);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastHeard > 2 * this.timing.heartbeatMs) {
        socket.terminate(); // 'close' follows and reconnects
        return;
      }
      socket.ping();
    }, this.timing.heartbeatMs);
    this.heartbeat.unref();
  }

  private retry(error: string): void {
    if (this.stopped) return;
    this.handlers.state(this.everOpened ? 'reconnecting' : 'connecting', error);
    const ceiling = Math.min(this.timing.maxBackoffMs, this.timing.minBackoffMs * 2 ** this.attempt);
    this.attempt++;
    const delay = ceiling * (0.8 + Math.random() * 0.4);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  private teardown(): void {
    clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    const socket = this.socket;
    this.socket = undefined;
    if (socket) {
      socket.removeAllListeners('close');
      socket.on('error', () => undefined);
      socket.terminate();
    }
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The daemon's own words from a refused upgrade, e.g. 403 "not authorized". */
function daemonMessage(status: number | undefined, body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: string };
    if (parsed.error) return parsed.error;
  } catch {
    /* not JSON */
  }
  return `the daemon refused the event stream (HTTP ${status ?? '?'})`;
}
