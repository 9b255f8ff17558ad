import { describe, expect, it } from 'vitest';
import { ApiError } from '../http/errors';
import { parseTerminalRequest } from './request';

const base = '/api/v1/daemons/d1/instances/c1/terminal';

function refusal(url: string): string {
  try {
    parseTerminalRequest(url);
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    return (error as ApiError).message;
  }
  throw new Error(`${url} was accepted`);
}

describe('parseTerminalRequest', () => {
  it('is null for other URLs', () => {
    expect(parseTerminalRequest('/api/v1/daemons/d1/lxd/1.0')).toBeNull();
    expect(parseTerminalRequest('/api/v1/daemons/d1/instances/c1/terminals')).toBeNull();
  });

  it('reads the defaults', () => {
    expect(parseTerminalRequest(base)).toEqual({
      daemon: 'd1',
      instance: 'c1',
      project: 'default',
      mode: 'exec',
      command: '',
      cols: 80,
      rows: 24,
      user: undefined,
      group: undefined,
      cwd: undefined,
      environment: {},
    });
  });

  it('reads every parameter, URL-decoded', () => {
    const url = `/api/v1/daemons/my%20daemon/instances/web-1/terminal?project=p1&mode=exec&command=ls%20-la%20%7C%20head&cols=120&rows=40&user=1000&group=1000&cwd=%2Fsrv&env=A%3D1&env=B%3Dx%3Dy`;
    expect(parseTerminalRequest(url)).toMatchObject({
      daemon: 'my daemon',
      instance: 'web-1',
      project: 'p1',
      command: 'ls -la | head',
      cols: 120,
      rows: 40,
      user: 1000,
      group: 1000,
      cwd: '/srv',
      environment: { A: '1', B: 'x=y' },
    });
    expect(parseTerminalRequest(`${base}?mode=console&cols=100`)).toMatchObject({ mode: 'console', cols: 100 });
  });

  it('refuses bad parameters with a message naming them', () => {
    expect(refusal(`${base}?mode=ssh`)).toMatch(/mode/);
    for (const size of ['0', '1001', '12.5', 'abc', '-3']) expect(refusal(`${base}?cols=${size}`)).toMatch(/cols/);
    expect(refusal(`${base}?rows=0`)).toMatch(/rows/);
    expect(refusal(`${base}?user=root`)).toMatch(/uid/);
    expect(refusal(`${base}?cwd=relative`)).toMatch(/absolute/);
    expect(refusal(`${base}?env=1A=b`)).toMatch(/env/);
    expect(refusal(`${base}?env=novalue`)).toMatch(/env/);
    expect(refusal(`${base}?mode=console&command=ls`)).toMatch(/exec only/);
    expect(refusal(`${base}?command=${'x'.repeat(9000)}`)).toMatch(/8192/);
    expect(refusal('/api/v1/daemons/d1/instances/%2e%2e/terminal')).toMatch(/instance/);
    expect(refusal('/api/v1/daemons/d1/instances/a%2Fb/terminal')).toMatch(/instance/);
    expect(refusal('/api/v1/daemons/%E0%A4%A/instances/c1/terminal')).toMatch(/URL encoding/);
  });
});
