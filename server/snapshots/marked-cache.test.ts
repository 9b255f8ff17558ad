import { describe, expect, it } from 'vitest';
import { MarkedCache } from './marked-cache';

describe('MarkedCache', () => {
  const setup = () => {
    const marks = new Map<string, number | undefined>([['a', 1]]);
    let now = 0;
    let reads = 0;
    const cache = new MarkedCache<number>((id) => marks.get(id), () => now);
    const read = () => Promise.resolve(++reads);
    return { marks, cache, read, reads: () => reads, advance: (ms: number) => (now += ms) };
  };

  it('shares one read among callers until the daemon reports a change', async () => {
    const t = setup();
    expect(await Promise.all([t.cache.get('a', t.read), t.cache.get('a', t.read)])).toEqual([1, 1]);
    expect(await t.cache.get('a', t.read)).toBe(1);
    t.marks.set('a', 2);
    expect(await t.cache.get('a', t.read)).toBe(2);
    expect(t.reads()).toBe(2);
  });

  it('reads again after a minute even without a change, and every time without an events stream', async () => {
    const t = setup();
    await t.cache.get('a', t.read);
    t.advance(60_000);
    expect(await t.cache.get('a', t.read)).toBe(2);
    t.marks.set('a', undefined);
    expect(await t.cache.get('a', t.read)).toBe(3);
    expect(await t.cache.get('a', t.read)).toBe(4);
  });

  it('keeps no failed read', async () => {
    const t = setup();
    await expect(t.cache.get('a', () => Promise.reject(new Error('gone')))).rejects.toThrow('gone');
    expect(await t.cache.get('a', t.read)).toBe(1);
  });
});
