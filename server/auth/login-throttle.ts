/**
 * Counts failed logins per client address in a sliding window. After MAX_FAILURES the client
 * is refused (429) until the window has passed, whatever the credentials.
 */
const WINDOW_MS = 5 * 60_000;
const MAX_FAILURES = 10;

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = MAX_FAILURES,
    private readonly windowMs = WINDOW_MS,
  ) {}

  /** Seconds until the client may try again, or 0 when it may try now. */
  retryAfter(client: string, now = Date.now()): number {
    const recent = this.recent(client, now);
    if (recent.length < this.maxFailures) return 0;
    return Math.ceil((recent[0] + this.windowMs - now) / 1000);
  }

  fail(client: string, now = Date.now()): void {
    const recent = this.recent(client, now);
    recent.push(now);
    this.failures.set(client, recent);
  }

  succeed(client: string): void {
    this.failures.delete(client);
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((t) => now - t < this.windowMs);
  }
}
