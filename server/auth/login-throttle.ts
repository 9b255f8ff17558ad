/**
 * Counts failed logins in a sliding window, per client address and per account. A client with
 * MAX_PER_CLIENT failures, or an account with MAX_PER_ACCOUNT failures from anywhere, is refused
 * (429) until the window has passed, whatever the credentials. A success clears only its own
 * account's failures: a client's count is never reset by logging in to an account it owns.
 * Entries older than the window are swept, so the map never holds more than a window's failures.
 */
const WINDOW_MS = 5 * 60_000;
const MAX_PER_CLIENT = 10;
const MAX_PER_ACCOUNT = 20;

export interface ThrottleLimits {
  perClient: number;
  perAccount: number;
  windowMs: number;
}

export class LoginThrottle {
  /** Keyed `client:<address>` and `account:<lowercase username>`; oldest last failure first. */
  private readonly failures = new Map<string, number[]>();
  private readonly limits: ThrottleLimits;

  constructor(limits: Partial<ThrottleLimits> = {}) {
    this.limits = { perClient: MAX_PER_CLIENT, perAccount: MAX_PER_ACCOUNT, windowMs: WINDOW_MS, ...limits };
  }

  /** Seconds until this client may try this account again, or 0 when it may try now. */
  retryAfter(client: string, account: string | undefined, now = Date.now()): number {
    this.sweep(now);
    const waits = [this.wait(clientKey(client), this.limits.perClient, now)];
    if (account) waits.push(this.wait(accountKey(account), this.limits.perAccount, now));
    return Math.max(...waits);
  }

  fail(client: string, account: string | undefined, now = Date.now()): void {
    this.add(clientKey(client), now);
    if (account) this.add(accountKey(account), now);
  }

  succeed(account: string): void {
    this.failures.delete(accountKey(account));
  }

  /** How many keys are held (for tests of the sweep). */
  get size(): number {
    return this.failures.size;
  }

  private wait(key: string, max: number, now: number): number {
    const recent = this.recent(key, now);
    if (recent.length < max) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - max] + this.limits.windowMs - now) / 1000));
  }

  private add(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    // Re-inserting keeps the map ordered by last failure, which is what sweep() relies on.
    this.failures.delete(key);
    this.failures.set(key, recent);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.limits.windowMs);
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (now - times[times.length - 1] < this.limits.windowMs) break;
      this.failures.delete(key);
    }
  }
}

const clientKey = (client: string) => `client:${client}`;
const accountKey = (account: string) => `account:${account.toLowerCase()}`;
