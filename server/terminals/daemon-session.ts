import WebSocket, { type RawData } from 'ws';
import type { LxdOperation } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { commandArgv } from './command';
import type { TerminalRequest } from './request';

/** The daemon waits 5 s for an operation's websockets; connecting must not take longer. */
const CONNECT_TIMEOUT_MS = 5000;
const START_TIMEOUT_MS = 10_000;
const EXIT_TIMEOUT_SECONDS = 15;
/** How long a closing daemon socket may take to finish its close handshake before it is cut. */
const CLOSE_GRACE_MS = 3000;
const SIGHUP = 1;

/** The body of `POST /1.0/instances/{name}/exec|console` for a terminal request. */
export function startBody(request: TerminalRequest): Record<string, unknown> {
  if (request.mode === 'console') return { type: 'console', width: request.cols, height: request.rows };
  return {
    command: commandArgv(request.command),
    interactive: true,
    'wait-for-websocket': true,
    'record-output': false,
    width: request.cols,
    height: request.rows,
    environment: { TERM: 'xterm-256color', ...request.environment },
    ...(request.user !== undefined ? { user: request.user } : {}),
    ...(request.group !== undefined ? { group: request.group } : {}),
    ...(request.cwd !== undefined ? { cwd: request.cwd } : {}),
  };
}

function connect(client: LxdClient, operationId: string, secret: string, onMessage?: (data: RawData, isBinary: boolean) => void): Promise<WebSocket> {
  const { url, options } = client.webSocket(
    `/1.0/operations/${encodeURIComponent(operationId)}/websocket?secret=${encodeURIComponent(secret)}`,
  );
  const ws = new WebSocket(url, { ...options, handshakeTimeout: CONNECT_TIMEOUT_MS, perMessageDeflate: false });
  // Listening from the start: the daemon may start the command, and send its output, as soon as
  // this socket is connected, before the other one is.
  if (onMessage) ws.on('message', onMessage);
  return new Promise((resolve, reject) => {
    ws.once('open', () => {
      ws.removeAllListeners('error');
      ws.on('error', () => undefined); // errors surface as 'close'
      resolve(ws);
    });
    ws.once('error', (error) => {
      ws.terminate();
      reject(new LxdError(502, `could not open the daemon's terminal websocket: ${error.message}`, 'daemon_unreachable'));
    });
  });
}

export interface SessionOutput {
  /** Terminal bytes from the command. */
  data(bytes: Buffer): void;
  /** The output ended: the command is done, or the daemon dropped the socket. Called once. */
  end(): void;
}

/** Holds what the daemon sends until a consumer is attached, then hands it over in order. */
class OutputRelay {
  private held: Buffer[] = [];
  private ended = false;
  private consumer: SessionOutput | null = null;

  message = (data: RawData, isBinary: boolean) => {
    const bytes = toBuffer(data);
    // An empty text frame is the daemon's end-of-output marker.
    if (!isBinary && bytes.length === 0) return this.end();
    if (this.consumer) this.consumer.data(bytes);
    else this.held.push(bytes);
  };

  end = () => {
    if (this.ended) return;
    this.ended = true;
    this.consumer?.end();
  };

  attach(consumer: SessionOutput): void {
    this.consumer = consumer;
    for (const bytes of this.held.splice(0)) consumer.data(bytes);
    if (this.ended) consumer.end();
  }
}

/** A websocket message as one Buffer, whichever shape ws delivered it in. */
export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  return Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}

/**
 * One exec or console session on a daemon: the operation and its two websockets, `0` (terminal
 * bytes both ways) and `control` (resize, signals). The daemon marks the end of the output with
 * an empty text frame on `0` and finishes the operation only once that socket is closed.
 */
export class DaemonSession {
  private closing = false;

  private constructor(
    private readonly client: LxdClient,
    readonly mode: TerminalRequest['mode'],
    readonly operationId: string,
    private readonly data: WebSocket,
    private readonly control: WebSocket,
    private readonly relay: OutputRelay,
  ) {
    data.on('close', relay.end);
  }

  /** Starts the exec or console operation and connects both of its websockets. */
  static async open(client: LxdClient, request: TerminalRequest): Promise<DaemonSession> {
    const path = `/1.0/instances/${encodeURIComponent(request.instance)}/${request.mode}?project=${encodeURIComponent(request.project)}`;
    const reply = await client.call<LxdOperation>('POST', path, { body: startBody(request), timeoutMs: START_TIMEOUT_MS });
    const operation = reply.body.metadata;
    const fds = (operation.metadata?.fds ?? {}) as Record<string, string>;
    if (!fds['0'] || !fds.control) throw new LxdError(502, 'the daemon did not offer the terminal websockets');
    const relay = new OutputRelay();
    const [control, data] = await Promise.allSettled([
      connect(client, operation.id, fds.control),
      connect(client, operation.id, fds['0'], relay.message),
    ]);
    if (control.status === 'rejected' || data.status === 'rejected') {
      for (const socket of [control, data]) if (socket.status === 'fulfilled') socket.value.terminate();
      throw control.status === 'rejected' ? control.reason : (data as PromiseRejectedResult).reason;
    }
    if (data.value.readyState !== WebSocket.OPEN) relay.end();
    return new DaemonSession(client, request.mode, operation.id, data.value, control.value, relay);
  }

  /** Starts delivering the output (including anything that arrived before). */
  onOutput(consumer: SessionOutput): void {
    this.relay.attach(consumer);
  }

  /** Sends terminal bytes to the command; `sent` runs once they are handed to the network. */
  input(bytes: RawData, sent: () => void): void {
    if (this.data.readyState === WebSocket.OPEN) this.data.send(bytes, { binary: true }, sent);
  }

  /** Bytes of input waiting to go out to the daemon. */
  get inputBuffered(): number {
    return this.data.bufferedAmount;
  }

  /** Stops reading the daemon's output (backpressure); the daemon then stops reading the command. */
  pauseOutput(): void {
    this.data.pause();
  }

  resumeOutput(): void {
    this.data.resume();
  }

  resize(cols: number, rows: number): void {
    this.sendControl({ command: 'window-resize', args: { width: String(cols), height: String(rows) } });
  }

  /**
   * Ends the session from Hangar's side, like closing a terminal window: SIGHUP to the command,
   * then both sockets close, upon which the daemon kills whatever of it is still running.
   */
  hangUp(): void {
    if (this.mode === 'exec') this.sendControl({ command: 'signal', signal: SIGHUP });
    this.close();
  }

  /** Closes both websockets; the daemon then finishes the operation. */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    for (const socket of [this.control, this.data]) {
      if (socket.readyState === WebSocket.OPEN) socket.close(1000);
      const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
    }
  }

  /** Resolves once both websockets are closed and the daemon has finished the operation (or did not say within the grace). */
  async finished(): Promise<void> {
    await Promise.all(
      [this.control, this.data].map((socket) =>
        socket.readyState === WebSocket.CLOSED ? undefined : new Promise((resolve) => socket.once('close', resolve)),
      ),
    );
    await this.client.waitOperation(this.operationId, EXIT_TIMEOUT_SECONDS).catch(() => undefined);
  }

  /** The command's exit code once the operation finished (exec); the daemon's error if it failed. */
  async exitCode(): Promise<number> {
    const operation = await this.client.waitOperation(this.operationId, EXIT_TIMEOUT_SECONDS);
    const code = (operation.metadata as { return?: unknown } | null)?.return;
    if (typeof code !== 'number') throw new LxdError(502, 'the daemon did not report an exit code');
    return code;
  }

  private sendControl(message: unknown): void {
    if (this.control.readyState === WebSocket.OPEN) this.control.send(JSON.stringify(message));
  }
}
