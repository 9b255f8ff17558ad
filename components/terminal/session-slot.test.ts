import { describe, expect, it } from 'vitest';
import { SessionSlot } from './session-slot';
import type { TerminalConnection } from './terminal-connection';

const connection = (state: { open: boolean; ended: boolean }) =>
  ({ send: () => state.open, get ended() { return state.ended; }, resize: () => undefined }) as unknown as TerminalConnection;

describe('the session slot', () => {
  it('sends keys to the live session, and says once that keys typed after it ended went nowhere', () => {
    const slot = new SessionSlot();
    const state = { open: false, ended: false };
    const c = connection(state);
    slot.attach(c);
    expect(slot.input('a')).toBe('sent'); // still opening: queued
    state.open = true;
    expect(slot.input('b')).toBe('sent');
    state.open = false;
    state.ended = true;
    expect(slot.input('c')).toBe('tell');
    expect(slot.input('d')).toBe('drop');
    slot.detach(c);
    expect(slot.input('e')).toBe('drop');
    slot.attach(connection({ open: true, ended: false }));
    expect(slot.input('f')).toBe('sent');
  });

  it('keeps a newer session when an older one detaches', () => {
    const slot = new SessionSlot();
    const old = connection({ open: false, ended: true });
    const next = connection({ open: true, ended: false });
    slot.attach(old);
    slot.attach(next);
    slot.detach(old);
    expect(slot.input('x')).toBe('sent');
  });
});
