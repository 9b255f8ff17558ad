import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DaemonView } from '@/lib/api-types';
import { Api } from '../support/hangar';
import { uniqueName } from '../support/lab';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';

/** A daemon's server certificate is pinned: one that changes is refused and shown as untrusted. */
describe('certificate pinning', () => {
  const url = inject('hangarUrl');
  let admin: Api;
  let scratch: ScratchDaemon | undefined;
  let daemon: DaemonView | undefined;

  beforeAll(async () => {
    admin = await Api.login(url);
    scratch = await startScratchLxd();
    daemon = await admin.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('pin'), url: scratch.url, trustPassword: scratch.password }, [201]);
  });
  afterAll(async () => {
    if (daemon) await admin.request('DELETE', `/api/v1/daemons/${daemon.id}`);
    scratch?.destroy();
  });

  it('refuses a daemon whose server certificate changed, and shows it as untrusted with the reason', async () => {
    const gateway = `/api/v1/daemons/${daemon!.id}/lxd/1.0`;
    expect((await admin.json<DaemonView>('GET', `/api/v1/daemons/${daemon!.id}`)).status).toBe('online');
    expect((await admin.request('GET', gateway)).status).toBe(200);

    // Same address, same client trust, a new server certificate: what a man in the middle would present.
    scratch!.stop();
    for (const file of ['server.crt', 'server.key']) fs.rmSync(path.join(scratch!.dir, file));
    scratch!.restart();
    expect(fs.readFileSync(path.join(scratch!.dir, 'server.crt'), 'utf8')).toContain('BEGIN CERTIFICATE');

    await expect
      .poll(async () => (await admin.json<DaemonView>('GET', `/api/v1/daemons/${daemon!.id}`)).status, { timeout: 15_000 })
      .toBe('untrusted');
    const view = await admin.json<DaemonView>('GET', `/api/v1/daemons/${daemon!.id}`);
    expect(view.error).toMatch(/certificate/);
    expect(view.fingerprint).toBe(daemon!.fingerprint);

    const refused = await admin.request('GET', gateway);
    expect(refused.status).toBe(502);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('certificate_mismatch');
    const fleet = await admin.json<{ instances: unknown[]; errors: { daemon: string; message: string }[] }>('GET', `/api/v1/instances?daemon=${daemon!.id}`);
    expect(fleet.errors).toEqual([{ daemon: daemon!.name, message: expect.stringMatching(/certificate/) }]);
  });
});
