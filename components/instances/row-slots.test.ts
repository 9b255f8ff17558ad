import { describe, expect, it } from 'vitest';
import { NO_SLOTS, nextSlots, type RowSlots } from './row-slots';

const rows = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `row${from + i}`);
const slotOf = (slots: RowSlots, key: string) => slots.byKey.get(key);

describe('nextSlots', () => {
  it('gives the first rows slots in their order', () => {
    const slots = nextSlots(NO_SLOTS, rows(0, 4), true);
    expect(rows(0, 4).map((k) => slotOf(slots, k))).toEqual([0, 1, 2, 3]);
    expect(slots.order).toEqual([0, 1, 2, 3]);
  });

  it('while scrolling, rows that scroll in take the slots of rows that left and no slot moves', () => {
    const first = nextSlots(NO_SLOTS, rows(0, 6), true);
    const down = nextSlots(first, rows(2, 8), false);
    // row0 and row1 left; row6 and row7 took their slots.
    expect(slotOf(down, 'row6')).toBe(0);
    expect(slotOf(down, 'row7')).toBe(1);
    for (const k of rows(2, 6)) expect(slotOf(down, k)).toBe(slotOf(first, k));
    expect(down.order).toEqual(first.order);
    // Back up: row0 and row1 come back into the slots row6 and row7 leave.
    const up = nextSlots(down, rows(0, 6), false);
    expect(new Set(rows(0, 6).map((k) => slotOf(up, k)))).toEqual(new Set([0, 1, 2, 3, 4, 5]));
    expect(up.order).toEqual(first.order);
  });

  it('a jump replaces every row in place', () => {
    const first = nextSlots(NO_SLOTS, rows(0, 5), true);
    const far = nextSlots(first, rows(5000, 5005), false);
    expect(rows(5000, 5005).map((k) => slotOf(far, k))).toEqual([0, 1, 2, 3, 4]);
    expect(far.order).toEqual([0, 1, 2, 3, 4]);
  });

  it('when the scrolling stops the document order is the rows’ order again', () => {
    let slots = nextSlots(NO_SLOTS, rows(0, 5), true);
    slots = nextSlots(slots, rows(3, 8), false);
    expect(slots.order).toEqual([0, 1, 2, 3, 4]);
    slots = nextSlots(slots, rows(3, 8), true);
    expect(slots.order).toEqual(rows(3, 8).map((k) => slotOf(slots, k)));
    expect(slots.order).toEqual([3, 4, 0, 1, 2]);
  });

  it('more rows than before get new slots after the others; fewer give slots up', () => {
    const first = nextSlots(NO_SLOTS, rows(0, 3), true);
    const more = nextSlots(first, rows(0, 5), false);
    expect(more.order).toEqual([0, 1, 2, 3, 4]);
    const fewer = nextSlots(more, rows(10, 12), false);
    expect(fewer.order).toEqual([0, 1]);
    expect([slotOf(fewer, 'row10'), slotOf(fewer, 'row11')]).toEqual([0, 1]);
    // A new slot never takes a number another rendered row holds.
    const again = nextSlots(nextSlots(first, ['row1', 'row2'], false), ['row1', 'row2', 'a', 'b'], false);
    expect(new Set(again.byKey.values()).size).toBe(4);
  });

  it('the same rows again give the same slots (a render that React repeats changes nothing)', () => {
    const first = nextSlots(NO_SLOTS, rows(0, 6), true);
    const down = nextSlots(first, rows(3, 9), false);
    expect(nextSlots(down, rows(3, 9), false)).toEqual(down);
    const settled = nextSlots(down, rows(3, 9), true);
    expect(nextSlots(settled, rows(3, 9), true)).toEqual(settled);
  });
});
