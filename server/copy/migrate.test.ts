import { describe, expect, it } from 'vitest';
import { LxdError } from '../lxd/errors';
import { progressBytes, relayMayHelp } from './migrate';

describe('daemon migration helpers', () => {
  it('reads the bytes moved from the operation progress string', () => {
    expect(progressBytes({ fs_progress: 'rootfs: 12.50MB (5.00MB/s)' })).toBe(12_500_000);
    expect(progressBytes({ fs_progress: '3.00GiB (100.00MB/s)' })).toBe(3 * 1024 ** 3);
    expect(progressBytes({ fs_progress: 'rootfs: 512B' })).toBe(512);
    expect(progressBytes({ other: '12MB' })).toBeUndefined();
    expect(progressBytes({})).toBeUndefined();
  });

  it('falls back to the relay only when the daemon itself refused, not when Hangar lost a daemon', () => {
    expect(relayMayHelp(new LxdError(400, 'Error transferring instance data: dial tcp 10.0.0.1:8443: connect: no route to host'))).toBe(true);
    expect(relayMayHelp(new LxdError(502, 'connection refused by https://127.0.0.1:8450', 'daemon_unreachable'))).toBe(false);
    expect(relayMayHelp(new Error('aborted'))).toBe(false);
  });
});
