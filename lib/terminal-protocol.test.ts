import { describe, expect, it } from 'vitest';
import { parseClientMessage, parseServerMessage, terminalPath } from './terminal-protocol';

describe('terminal protocol', () => {
  it('parses the client messages and says what is wrong with bad ones', () => {
    expect(parseClientMessage('{"type":"resize","cols":100,"rows":30}')).toEqual({ message: { type: 'resize', cols: 100, rows: 30 } });
    expect(parseClientMessage('{"type":"ack","bytes":65536}')).toEqual({ message: { type: 'ack', bytes: 65536 } });
    expect(parseClientMessage('{"type":"resize","cols":0,"rows":30}')).toHaveProperty('error');
    expect(parseClientMessage('{"type":"resize","cols":"100","rows":30}')).toHaveProperty('error');
    expect(parseClientMessage('{"type":"ack","bytes":-1}')).toHaveProperty('error');
    expect(parseClientMessage('not json')).toHaveProperty('error');
    expect(parseClientMessage('[1]')).toHaveProperty('error');
    expect(parseClientMessage('{}')).toHaveProperty('error');
    expect(parseClientMessage('{"type":"paste-mode"}')).toEqual({ ignored: true });
  });

  it('parses the server messages and ignores anything else', () => {
    expect(parseServerMessage('{"type":"exit","code":3}')).toEqual({ type: 'exit', code: 3 });
    expect(parseServerMessage('{"type":"error","message":"Instance is not running"}')).toEqual({ type: 'error', message: 'Instance is not running' });
    expect(parseServerMessage('{"type":"exit"}')).toBeNull();
    expect(parseServerMessage('nope')).toBeNull();
  });

  it('encodes names in the terminal path', () => {
    expect(terminalPath('d 1', 'c/1')).toBe('/api/v1/daemons/d%201/instances/c%2F1/terminal');
  });
});
