/**
 * Joins small chunks that arrive in one turn of the event loop into one: the daemon sends a pty's
 * output in frames of about 4 KiB, and one frame to the browser instead of many saves a write per
 * frame on both sides. A chunk reaching `limit` bytes goes at once.
 */
export class Coalescer {
  private pending: Buffer[] = [];
  private bytes = 0;
  private queued = false;

  constructor(
    private readonly send: (chunk: Buffer) => void,
    private readonly limit: number,
  ) {}

  push(chunk: Buffer): void {
    this.pending.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= this.limit) this.flush();
    else if (!this.queued) {
      this.queued = true;
      setImmediate(() => this.flush());
    }
  }

  /** Sends what is held now (before a close, say). */
  flush(): void {
    this.queued = false;
    if (this.bytes === 0) return;
    const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.bytes);
    this.pending = [];
    this.bytes = 0;
    this.send(chunk);
  }
}
