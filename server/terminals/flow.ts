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
