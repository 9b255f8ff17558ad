/** Past this, an answer is read again even if no event said it changed (a missed event costs at most this). */
const MAX_AGE_MS = 60_000;

interface Entry<T> {
  mark: number;
  at: number;
  value: Promise<T>;
}

/**
 * Keeps one answer per daemon while the daemon's change mark (EventHub.changeMark) stays the same;
 * callers that arrive while it is being read share that read. Nothing is kept while the mark is
 * undefined (no events stream to say what changed), nor a failed read.
 */
export class MarkedCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly markOf: (daemonId: string) => number | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get(daemonId: string, read: () => Promise<T>): Promise<T> {
    const mark = this.markOf(daemonId);
    if (mark === undefined) {
      this.entries.delete(daemonId);
      return read();
    }
    const entry = this.entries.get(daemonId);
    if (entry && entry.mark === mark && this.now() - entry.at < MAX_AGE_MS) return entry.value;
    const value = read();
    const fresh = { mark, at: this.now(), value };
    this.entries.set(daemonId, fresh);
    value.catch(() => {
      if (this.entries.get(daemonId) === fresh) this.entries.delete(daemonId);
    });
    return value;
  }
}
