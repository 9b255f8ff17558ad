import type { Terminal } from '@xterm/xterm';
import { parseServerMessage, terminalPath, type TerminalMode } from '@/lib/terminal-protocol';

/** How a session ended, for the banner. */
export type SessionEnd =
  | { kind: 'exit'; code: number }
  | { kind: 'error'; message: string }
  | { kind: 'closed'; message: string };

export interface ConnectionTarget {
  daemonId: string;
  project: string;
  instance: string;
  mode: TerminalMode;
  command: string;
}

/** Input is sent in frames of this size so a huge paste never becomes one huge message. */
const INPUT_FRAME = 16 * 1024;
/** Stop handing input to the socket while this much is still waiting to go out. */
const INPUT_HIGH_WATER = 256 * 1024;
/** Acknowledge processed output in steps of this many bytes (see FLOW_WINDOW). */
const ACK_STEP = 64 * 1024;

function socketUrl(target: ConnectionTarget, cols: number, rows: number): string {
  const params = new URLSearchParams({ project: target.project, mode: target.mode, cols: String(cols), rows: String(rows) });
  if (target.mode === 'exec' && target.command.trim()) params.set('command', target.command.trim());
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}${terminalPath(target.daemonId, target.instance)}?${params}`;
}

function closeMessage(opened: boolean, event: CloseEvent): string {
  if (!opened) return 'Hangar refused the terminal connection. Your session may have expired: reload the page and log in again.';
  if (event.code === 1000) return event.reason ? `The ${event.reason}.` : 'The session ended.';
  return `The connection to Hangar was lost (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`;
}

/**
 * One websocket session for an xterm: output is written to the terminal and acknowledged once
 * xterm has processed it (so a flood of output cannot pile up in the page), input is queued and
 * sent in small frames as the socket drains (so a huge paste freezes neither side).
 */
export class TerminalConnection {
  private readonly ws: WebSocket;
  private readonly encoder = new TextEncoder();
  private outbox: Uint8Array[] = [];
  private pumping: ReturnType<typeof setTimeout> | null = null;
  private processed = 0;
  private acked = 0;
  private end: SessionEnd | null = null;
  private opened = false;
  private disposed = false;

  constructor(
    private readonly term: Terminal,
    target: ConnectionTarget,
    private readonly handlers: { onOpen(): void; onEnd(end: SessionEnd): void },
  ) {
    this.ws = new WebSocket(socketUrl(target, term.cols, term.rows));
    this.ws.binaryType = 'arraybuffer';
    this.ws.onopen = () => {
      // Opt in to flow control: the server then never runs more than its window ahead of xterm.
      this.ws.send(JSON.stringify({ type: 'ack', bytes: 0 }));
      this.opened = true;
      this.handlers.onOpen();
    };
    this.ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => this.receive(event.data);
    this.ws.onclose = (event) => this.closed(event);
  }

  /** Whether the session is over (the command exited, or the socket is closing or closed). */
  get ended(): boolean {
    return this.end !== null || this.ws.readyState === WebSocket.CLOSING || this.ws.readyState === WebSocket.CLOSED;
  }

  /** Keystrokes and pastes from xterm; false when there is no open session to take them. */
  send(data: string): boolean {
    if (this.ws.readyState !== WebSocket.OPEN || this.end) return false;
    const bytes = this.encoder.encode(data);
    for (let at = 0; at < bytes.length; at += INPUT_FRAME) this.outbox.push(bytes.subarray(at, at + INPUT_FRAME));
    this.pump();
    return true;
  }

  resize(cols: number, rows: number): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify({ type: 'resize', cols, rows }));
  }

  /** Ends the session from this side (the server then stops the command). */
  dispose(): void {
    this.disposed = true;
    if (this.pumping) clearTimeout(this.pumping);
    this.outbox = [];
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }

  private pump(): void {
    this.pumping = null;
    while (this.outbox.length > 0 && this.ws.readyState === WebSocket.OPEN && this.ws.bufferedAmount < INPUT_HIGH_WATER) {
      this.ws.send(this.outbox.shift()!);
    }
    if (this.outbox.length > 0 && this.ws.readyState === WebSocket.OPEN) this.pumping = setTimeout(() => this.pump(), 20);
  }

  private receive(data: ArrayBuffer | string): void {
    if (typeof data !== 'string') {
      const bytes = new Uint8Array(data);
      this.term.write(bytes, () => this.processedOutput(bytes.length));
      return;
    }
    const message = parseServerMessage(data);
    if (message?.type === 'exit') this.end = { kind: 'exit', code: message.code };
    else if (message?.type === 'error') this.end = { kind: 'error', message: message.message };
  }

  private processedOutput(bytes: number): void {
    this.processed += bytes;
    if (this.processed - this.acked >= ACK_STEP && this.ws.readyState === WebSocket.OPEN) {
      this.acked = this.processed;
      this.ws.send(JSON.stringify({ type: 'ack', bytes: this.processed }));
    }
  }

  private closed(event: CloseEvent): void {
    if (this.pumping) clearTimeout(this.pumping);
    if (this.disposed) return;
    const end: SessionEnd = this.end ?? { kind: 'closed', message: closeMessage(this.opened, event) };
    // Let xterm finish writing what arrived before the banner covers it.
    this.term.write('', () => this.handlers.onEnd(end));
  }
}
