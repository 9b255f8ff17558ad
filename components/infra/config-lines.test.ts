import { describe, expect, it } from 'vitest';
import { configLines, configPatch, parseConfigLines } from './config-lines';

describe('config lines', () => {
  it('parses key=value lines, skipping blanks and comments, keeping "=" in values', () => {
    expect(parseConfigLines('ipv4.address=none\n\n# note\n user.x = a=b ')).toEqual({ config: { 'ipv4.address': 'none', 'user.x': 'a=b' } });
  });

  it('refuses a line without a key or an "="', () => {
    expect(parseConfigLines('size 10GiB')).toEqual({ error: 'line 1: write key=value' });
    expect(parseConfigLines('a=1\n=2')).toEqual({ error: 'line 2: write key=value' });
  });

  it('round-trips and unsets removed keys in a patch', () => {
    expect(parseConfigLines(configLines({ a: '1', b: '' }))).toEqual({ config: { a: '1', b: '' } });
    expect(configPatch({ a: '1', b: '2' }, { a: '3' })).toEqual({ b: '', a: '3' });
  });
});
