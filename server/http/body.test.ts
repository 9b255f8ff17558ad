import { describe, expect, it } from 'vitest';
import { assertJsonDepth, readLimited } from './body';
import { headerSafe, validHeaderValue } from './headers';

describe('request bodies', () => {
  it('refuses JSON nested deeper than the cap, ignoring brackets inside strings', () => {
    expect(() => assertJsonDepth('['.repeat(33) + ']'.repeat(33))).toThrow(/nest/);
    expect(() => assertJsonDepth(JSON.stringify({ a: '['.repeat(1000), b: [[[1]]] }))).not.toThrow();
    expect(() => assertJsonDepth(JSON.stringify({ a: '\\"[[[[' }))).not.toThrow();
  });

  it('reads up to the limit and refuses more, declared or streamed', async () => {
    const body = (size: number) => new Request('http://x/', { method: 'POST', body: 'x'.repeat(size) });
    expect((await readLimited(body(10), 10)).length).toBe(10);
    await expect(readLimited(body(11), 10)).rejects.toMatchObject({ status: 413 });
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(4));
        c.close();
      },
    });
    const chunked = new Request('http://x/', { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    await expect(readLimited(chunked, 10)).rejects.toMatchObject({ status: 413 });
  });
});

describe('header values from daemons', () => {
  it('never leaves a character node refuses to write', () => {
    const name = 'naïve\u2028image\r\n.tar.gz 日本';
    expect(validHeaderValue('x-lxd-filename', name)).toBe(false);
    expect(validHeaderValue('x-lxd-filename', headerSafe(name))).toBe(true);
  });
});
