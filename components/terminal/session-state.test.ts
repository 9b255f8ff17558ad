import { describe, expect, it } from 'vitest';
import { describeEnd, offersStart } from './session-state';

describe('terminal session state', () => {
  it('says how a session ended, a zero exit as good news', () => {
    expect(describeEnd('exec', { kind: 'exit', code: 0 })).toEqual({ title: 'The command exited with code 0.', tone: 'ok' });
    expect(describeEnd('exec', { kind: 'exit', code: 2 }).tone).toBe('error');
    expect(describeEnd('console', { kind: 'error', message: 'Instance is not running' })).toEqual({
      title: 'The console could not attach.',
      detail: 'Instance is not running',
      tone: 'error',
    });
    expect(describeEnd('exec', { kind: 'closed', message: 'The session ended.' })).toEqual({ title: 'The session ended.', tone: 'error' });
  });

  it('offers Start only after a session ended on a stopped instance or the daemon said it is not running', () => {
    const refused = { state: 'ended', end: { kind: 'error', message: 'Instance is not running' } } as const;
    const exited = { state: 'ended', end: { kind: 'exit', code: 0 } } as const;
    expect(offersStart(refused, undefined)).toBe(true);
    expect(offersStart(exited, 'Stopped')).toBe(true);
    expect(offersStart(exited, 'Running')).toBe(false);
    expect(offersStart({ state: 'open' }, 'Stopped')).toBe(false);
  });
});
