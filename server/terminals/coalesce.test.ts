import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalesce';
import { AckWindow } from './flow';

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('terminal output coalescing', () => {
  it('sends what arrived in one turn as one chunk, and a chunk at the limit at once', async () => {
    const sent: string[] = [];
    const c = new Coalescer((chunk) => sent.push(chunk.toString()), 8);
    c.push(Buffer.from('ab'));
    c.push(Buffer.from('cd'));
    expect(sent).toEqual([]);
    await turn();
    expect(sent).toEqual(['abcd']);
    c.push(Buffer.from('12345'));
    c.push(Buffer.from('678'));
    expect(sent).toEqual(['abcd', '12345678']);
    await turn();
    expect(sent).toHaveLength(2);
    c.push(Buffer.from('x'));
    c.flush();
    expect(sent).toEqual(['abcd', '12345678', 'x']);
  });
});

describe('the acknowledgement window', () => {
  it('counts nothing unprocessed until the browser acknowledges, then what it has not processed', () => {
    const w = new AckWindow();
    w.add(100);
    expect(w.unacked).toBe(0);
    w.ack(40);
    expect(w.unacked).toBe(60);
    w.ack(500);
    expect(w.unacked).toBe(0);
  });
});
