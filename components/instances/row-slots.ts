/**
 * Which rendered row (a "slot": one `<tr>` and its cells, kept by React under the slot's key)
 * shows which instance. A virtualised table that keys its rows by instance makes the browser
 * build, style and lay out a whole new row for every row a scroll brings into view and throw
 * away one for every row it leaves. Here a row that scrolls out hands its slot to one that
 * scrolls in: the browser keeps the elements and only their text, a few attributes and the
 * row's offset change.
 *
 * The slots' document order stays put while the table scrolls (moving an element makes the
 * browser style and lay it out afresh); once the scrolling stops it is put back in the rows'
 * order, so the keyboard and screen readers meet the rows in the order they are shown.
 */
export interface RowSlots {
  /** The slot of each rendered row, by its key. */
  readonly byKey: ReadonlyMap<string, number>;
  /** The slots in document order. */
  readonly order: readonly number[];
}

export const NO_SLOTS: RowSlots = { byKey: new Map(), order: [] };

/**
 * The slots for `keys` (the rows to render, in their order) after `previous`: rows already
 * rendered keep their slot; new rows take the slots of rows that left, in document order, then
 * new slots. `inRowOrder`: put the document order back in the rows' order (when no scroll is
 * under way). Giving the same keys again returns the same slots.
 */
export function nextSlots(previous: RowSlots, keys: readonly string[], inRowOrder: boolean): RowSlots {
  const byKey = new Map<string, number>();
  const used = new Set<number>();
  for (const key of keys) {
    const slot = previous.byKey.get(key);
    if (slot !== undefined && !byKey.has(key)) {
      byKey.set(key, slot);
      used.add(slot);
    }
  }
  const freed = previous.order.filter((slot) => !used.has(slot));
  const taken = new Set(previous.order);
  let fresh = 0;
  const added: number[] = [];
  for (const key of keys) {
    if (byKey.has(key)) continue;
    let slot = freed.shift();
    if (slot === undefined) {
      while (taken.has(fresh) || used.has(fresh)) fresh++;
      slot = fresh;
      added.push(slot);
    }
    byKey.set(key, slot);
    used.add(slot);
  }
  const order = inRowOrder ? keys.map((key) => byKey.get(key)!) : [...previous.order.filter((slot) => used.has(slot)), ...added];
  return { byKey, order };
}
