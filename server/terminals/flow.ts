/** Something that can stop and restart delivering data (a `ws` WebSocket). */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * Stops reading from a source while its consumer is congested and starts again once it has
 * drained, with hysteresis between the two so it does not flap. Call `update()` whenever the
 * consumer's state may have changed (after a send, in a send callback, on an ack).
 */
export class FlowGate {
  private paused = false;

  constructor(
    private readonly source: Pausable,
    private readonly congested: () => boolean,
    private readonly drained: () => boolean,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  update(): void {
    if (!this.paused && this.congested()) {
      this.paused = true;
      this.source.pause();
    } else if (this.paused && this.drained()) {
      this.paused = false;
      this.source.resume();
    }
  }
}

/** Bytes buffered towards a peer above which its source is paused, and below which it resumes. */
export const BUFFER_HIGH = 1024 * 1024;
export const BUFFER_LOW = 256 * 1024;

/**
 * Output sent to a browser that acknowledges what it has processed (`{"type":"ack"}`): how much
 * is still unprocessed. A browser that never acknowledges is limited by its socket buffer alone.
 */
export class AckWindow {
  private sent = 0;
  private acked = 0;
  private acking = false;

  /** Counts bytes handed to the browser. */
  add(bytes: number): void {
    this.sent += bytes;
  }

  /** The browser has processed `bytes` in all (never more than was sent). */
  ack(bytes: number): void {
    this.acking = true;
    this.acked = Math.min(bytes, this.sent);
  }

  get unacked(): number {
    return this.acking ? this.sent - this.acked : 0;
  }
}
