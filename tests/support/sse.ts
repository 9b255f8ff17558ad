import type { LiveEvent, LiveInstanceUpdate, LiveStatusMessage } from '@/lib/live';

export interface SseMessage {
  /** "message" for daemon events; "instance" for fresh rows; "status", "reset" for Hangar's own. */
  event: string;
  id?: string;
  data: string;
  /** performance.timeOrigin + performance.now() when it was parsed (epoch ms, sub-ms precision). */
  receivedAt: number;
}

/**
 * A Server-Sent Events client for tests and benchmarks: reads `GET /api/v1/events` with a bearer
 * token (or cookie), keeps every message, and waits for the one a test is after.
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  /** Everything received, as text, to check what never appears. */
  raw = '';
  private readonly waiters = new Set<() => void>();
  private readonly abort = new AbortController();
  private ended = false;

  private constructor(readonly status: number) {}

  static async open(url: string, headers: Record<string, string>): Promise<SseClient> {
    const abort = new AbortController();
    const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(res.status);
    client.abort.signal.addEventListener('abort', () => abort.abort());
    if (res.status !== 200 || !res.body) {
      client.raw = await res.text();
      client.ended = true;
      return client;
    }
    void client.read(res.body);
    return client;
  }

  /** Daemon events received so far (data of default `message` events). */
  events(): LiveEvent[] {
    return this.messages.filter((m) => m.event === 'message').map((m) => JSON.parse(m.data) as LiveEvent);
  }

  /** Fresh instance rows received so far (`event: instance`). */
  instances(): LiveInstanceUpdate[] {
    return this.messages.filter((m) => m.event === 'instance').map((m) => JSON.parse(m.data) as LiveInstanceUpdate);
  }

  lastStatus(): LiveStatusMessage | undefined {
    const last = this.messages.filter((m) => m.event === 'status').at(-1);
    return last ? (JSON.parse(last.data) as LiveStatusMessage) : undefined;
  }

  /** Resolves with the first message (already received or coming) that `match` accepts. */
  waitFor(match: (message: SseMessage) => boolean, timeoutMs = 30_000, what = 'an SSE message'): Promise<SseMessage> {
    let seen = 0;
    return this.until<SseMessage>(
      () => {
        for (; seen < this.messages.length; seen++) if (match(this.messages[seen])) return { value: this.messages[seen]! };
        return this.ended ? { error: new Error(`the stream ended before ${what} arrived`) } : undefined;
      },
      timeoutMs,
      `no ${what} within ${timeoutMs} ms`,
    );
  }

  /** Waits for a daemon event; `match` sees it parsed. */
  async waitForEvent(match: (event: LiveEvent) => boolean, timeoutMs = 30_000, what = 'the event'): Promise<LiveEvent> {
    const message = await this.waitFor((m) => m.event === 'message' && match(JSON.parse(m.data) as LiveEvent), timeoutMs, what);
    return JSON.parse(message.data) as LiveEvent;
  }

  /** Waits for an instance's fresh row; `match` sees it parsed. */
  async waitForInstance(match: (update: LiveInstanceUpdate) => boolean, timeoutMs = 30_000, what = 'the row'): Promise<LiveInstanceUpdate> {
    const message = await this.waitFor((m) => m.event === 'instance' && match(JSON.parse(m.data) as LiveInstanceUpdate), timeoutMs, what);
    return JSON.parse(message.data) as LiveInstanceUpdate;
  }

  /** Resolves with the milliseconds it took when the server ends the stream; rejects after `timeoutMs`. */
  waitForEnd(timeoutMs: number): Promise<number> {
    const started = Date.now();
    return this.until(() => (this.ended ? { value: Date.now() - started } : undefined), timeoutMs, `the stream was still open after ${timeoutMs} ms`);
  }

  /** Settles once `test` answers (checked now and on every chunk received), or rejects after `timeoutMs`. */
  private until<T>(test: () => { value: T } | { error: Error } | undefined, timeoutMs: number, timeoutMessage: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const outcome = test();
        if (!outcome) return;
        done();
        if ('value' in outcome) resolve(outcome.value);
        else reject(outcome.error);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(timeoutMessage));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  close(): void {
    this.abort.abort();
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(chunk, { stream: true });
        this.raw += text;
        buffer += text;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          this.parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
        }
        for (const waiter of [...this.waiters]) waiter();
      }
    } catch {
      /* aborted */
    } finally {
      this.ended = true;
      for (const waiter of [...this.waiters]) waiter();
    }
  }

  private parse(block: string): void {
    const message: Partial<SseMessage> & { data?: string } = { event: 'message' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') message.event = value;
      else if (field === 'id') message.id = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    this.messages.push({
      event: message.event ?? 'message',
      id: message.id,
      data: data.join('\n'),
      receivedAt: performance.timeOrigin + performance.now(),
    });
  }
}
