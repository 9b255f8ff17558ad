import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import type { LimitPreset } from '@/lib/limits';
import { chosenImage, createRequest, emptyDraft, localImageChoices, type CreateContext, type CreateDraft } from '@/components/instances/create-instance-model';
import { changedDevices } from '@/components/instances/devices-model';
import type { LxdImage, LxdInstance } from '@/lib/lxd-types';
import { Api, freePort, userWithRole } from '../support/hangar';
import { cli, clusterMembers, farMember, hostLinkName, uniqueName, type LabDaemon, throwawayInstances } from '../support/lab';
import { refusal } from '../support/refusal';

/**
 * The create form's request and the devices editor's PUT, sent through the gateway to the real
 * lab (LXD 5.0, the LXD cluster, Incus 6.0): what the form builds lands on the daemon; what Hangar
 * refuses first (cloud-init YAML, missing pools and networks) never reaches it; non-admins are refused.
 */
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0dX0VXbpbz5Ua1Jd3b6wdKh5PFVkJS9vW7e5V3k2m4 create2@test';
const DAEMONS: LabDaemon[] = ['alpha', 'beta', 'gamma'];

describe('create and reshape instances', () => {
  const url = inject('hangarUrl');
  const daemons = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  let preset: LimitPreset;
  const instances = throwawayInstances('c2');
  const networks: [LabDaemon, string][] = [];
  const vethPairs: string[] = [];
  const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'create2-'));

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator', 'c2op');
    viewer = await userWithRole(admin, 'viewer', 'c2view');
    preset = await admin.json<LimitPreset>('POST', '/api/v1/limits/presets', { name: uniqueName('c2preset'), description: 'create test', limits: { cpu: '1', memory: '128MiB' } }, [201]);
  });
  afterAll(async () => {
    instances.removeAll();
    for (const [daemon, name] of networks) {
      try {
        cli(daemon, ['network', 'delete', name]);
      } catch {
        /* gone */
      }
    }
    for (const veth of vethPairs) {
      try {
        execFileSync('ip', ['link', 'delete', veth], { stdio: 'pipe' });
      } catch {
        /* gone */
      }
    }
    await admin.request('DELETE', `/api/v1/limits/presets/${preset.name}`);
    fs.rmSync(hostDir, { recursive: true, force: true });
  });

  const gw = (daemon: LabDaemon, p: string) => `/api/v1/daemons/${daemons[daemon]}/lxd${p}`;
  const instance = (daemon: LabDaemon, name: string) => JSON.parse(cli(daemon, ['query', `/1.0/instances/${name}`])) as LxdInstance;

  async function context(daemon: LabDaemon): Promise<CreateContext> {
    return {
      daemonKind: daemon === 'gamma' ? 'incus' : 'lxd',
      instanceTypes: ['container'],
      profiles: ['default'],
      pools: ['default'],
      networks: [],
      servers: [],
      presets: [preset],
    };
  }

  async function images(daemon: LabDaemon) {
    return localImageChoices(await admin.lxd<LxdImage[]>(daemons[daemon], 'GET', '/1.0/images?recursion=1'));
  }

  /** Sends what the form would send, and waits for the daemon as the form does. */
  async function createThroughForm(daemon: LabDaemon, draft: CreateDraft) {
    const ctx = await context(daemon);
    const { query, body } = createRequest(draft, ctx, chosenImage(draft, await images(daemon))!, daemon === 'beta');
    const qs = new URLSearchParams(query as Record<string, string>).toString();
    instances.add(daemon, draft.name);
    await admin.lxd(daemons[daemon], 'POST', `/1.0/instances?${qs}`, body);
    // As lib/api/instances.ts does: LXD 5.0 ignores "start", and a cluster member may hold the create's lock a moment longer.
    for (let attempt = 1; draft.start && instance(daemon, draft.name).status !== 'Running'; attempt += 1) {
      try {
        await admin.lxd(daemons[daemon], 'PUT', `/1.0/instances/${draft.name}/state`, { action: 'start', timeout: 30 });
      } catch (error) {
        if (attempt >= 10 || !/busy running a "?create/i.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
      }
    }
  }

  for (const daemon of DAEMONS) {
    it(`creates on ${daemon} with cloud-init, an SSH key, a preset, pool and root size, disk and proxy devices, started`, async () => {
      const name = uniqueName('c2-full');
      const port = await freePort();
      const member = daemon === 'beta' ? farMember() : '';
      await createThroughForm(daemon, {
        ...emptyDraft(daemons[daemon], 'alias:busybox'),
        name,
        target: member,
        pool: 'default',
        rootSize: '1GiB',
        preset: preset.name,
        sshKey: KEY,
        cloudInit: { userData: '#cloud-config\npackages: [htop]\n', vendorData: '#cloud-config\ntimezone: UTC\n', networkConfig: 'version: 2\n' },
        devices: [
          { name: 'host', type: 'disk', values: { source: hostDir, path: '/mnt/host', readonly: 'true' } },
          { name: 'web', type: 'proxy', values: { listen: `tcp:127.0.0.1:${port}`, connect: 'tcp:127.0.0.1:80' } },
        ],
      });
      const made = instance(daemon, name);
      expect(made.status).toBe('Running');
      if (member) expect(made.location).toBe(member);
      expect(made.config['limits.cpu']).toBe('1');
      expect(made.config['limits.memory']).toBe('128MiB');
      expect(parse(made.config['cloud-init.user-data'])).toEqual({ packages: ['htop'], ssh_authorized_keys: [KEY] });
      expect(made.config['cloud-init.vendor-data']).toContain('timezone: UTC');
      expect(made.config['cloud-init.network-config']).toBe('version: 2\n');
      expect(made.devices).toEqual({
        root: { type: 'disk', path: '/', pool: 'default', size: '1GiB' },
        host: { type: 'disk', source: hostDir, path: '/mnt/host', readonly: 'true' },
        web: { type: 'proxy', listen: `tcp:127.0.0.1:${port}`, connect: 'tcp:127.0.0.1:80' },
      });
      // The proxy device listens on the host: a connection is accepted.
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.destroy();
          resolve();
        });
        socket.on('error', reject);
      });
    });
  }

  it('refuses cloud-init that is not YAML and devices naming a missing pool or network before the daemon is asked', async () => {
    for (const daemon of DAEMONS) {
      const name = instances.add(daemon, uniqueName('c2-bad'));
      const base = { name, source: { type: 'image', alias: 'busybox' } };
      const cases = [
        [{ ...base, config: { 'cloud-init.user-data': '#cloud-config\npackages:\n\t- htop\n' } }, 'invalid_cloud_init', /cloud-init\.user-data is not valid YAML: line 3/],
        [{ ...base, devices: { data: { type: 'disk', path: '/data', pool: 'c2-no-such-pool', source: 'v' } } }, 'missing_pool', /device data: storage pool c2-no-such-pool does not exist/],
        [{ ...base, devices: { eth9: { type: 'nic', network: 'c2-no-such-net' } } }, 'missing_network', /device eth9: network c2-no-such-net does not exist/],
      ] as const;
      for (const [body, code, message] of cases) {
        const res = await admin.request('POST', gw(daemon, '/1.0/instances'), body);
        expect(res.status).toBe(400);
        const error = ((await res.json()) as { error: { code: string; message: string } }).error;
        expect(error.code).toBe(code);
        expect(error.message).toMatch(message);
      }
      expect(() => cli(daemon, ['query', `/1.0/instances/${name}`])).toThrow();
    }
    // The launch API checks the same.
    const res = await admin.request('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name: uniqueName('c2-bad'), image: { alias: 'busybox' }, config: { 'cloud-init.network-config': 'a: [1' } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_cloud_init');
  });

  /**
   * A managed network a NIC can name, without addresses. The cluster's members share this machine's
   * network namespace, so a bridge (one per member, same name) clashes there; a macvlan network
   * makes no interface of its own, and its parent is a veth pair the test makes, joined to nothing.
   */
  function nicNetwork(daemon: LabDaemon): { name: string; type: 'bridge' | 'macvlan' } {
    const name = hostLinkName();
    networks.push([daemon, name]);
    if (daemon !== 'beta') {
      cli(daemon, ['network', 'create', name, 'ipv4.address=none', 'ipv6.address=none']);
      return { name, type: 'bridge' };
    }
    const parent = `${name}p`;
    execFileSync('ip', ['link', 'add', parent, 'type', 'veth', 'peer', 'name', `${name}q`]);
    vethPairs.push(parent);
    execFileSync('ip', ['link', 'set', parent, 'up']);
    for (const member of clusterMembers()) cli('beta', ['network', 'create', name, '--type=macvlan', '--target', member, `parent=${parent}`]);
    cli('beta', ['network', 'create', name, '--type=macvlan']);
    return { name, type: 'macvlan' };
  }

  it('adds, edits and removes devices on a running container, live, and grows the root disk', async () => {
    for (const daemon of DAEMONS) {
      const name = uniqueName('c2-dev');
      await createThroughForm(daemon, { ...emptyDraft(daemons[daemon], 'alias:busybox'), name, target: daemon === 'beta' ? farMember() : '' });
      expect(instance(daemon, name).status).toBe('Running');
      const network = nicNetwork(daemon);

      // What the devices editor does: read with the ETag, put back with one device changed.
      const put = async (change: Parameters<typeof changedDevices>[1]) => {
        const res = await admin.request('GET', gw(daemon, `/1.0/instances/${name}`));
        const etag = res.headers.get('etag')!;
        const current = ((await res.json()) as { metadata: LxdInstance }).metadata;
        const body = { architecture: current.architecture, config: current.config, devices: changedDevices(current.devices, change), ephemeral: current.ephemeral, profiles: current.profiles, stateful: current.stateful, description: current.description };
        const reply = await admin.request('PUT', gw(daemon, `/1.0/instances/${name}`), body, { 'if-match': etag });
        const text = await reply.text();
        if (reply.status >= 400) return { status: reply.status, text };
        const op = (JSON.parse(text) as { operation?: string }).operation;
        if (op) {
          const res = await admin.request('GET', `/api/v1/daemons/${daemons[daemon]}/lxd${op}/wait?timeout=60`);
          const done = (await res.json()) as { metadata: { status_code: number; err: string } | null; error?: string };
          if (res.status >= 400 || !done.metadata || done.metadata.status_code >= 400) return { status: 400, text: `${daemon}: ${done.metadata?.err ?? done.error ?? JSON.stringify(done)}` };
        }
        return { status: 200, text };
      };
      const ownDevices = () => Object.keys(instance(daemon, name).devices).sort();

      expect((await put({ put: { name: 'host', type: 'disk', values: { source: hostDir, path: '/mnt/host' } } })).status).toBe(200);
      expect(cli(daemon, ['exec', name, '--', 'cat', '/proc/mounts'])).toContain('/mnt/host');

      const bridged = network.type === 'bridge';
      const eth1 = { network: network.name, name: 'eth1', ...(bridged ? { 'limits.ingress': '10Mbit' } : {}) };
      expect(await put({ put: { name: 'eth1', type: 'nic', values: eth1 } })).toMatchObject({ status: 200 });
      expect(cli(daemon, ['exec', name, '--', 'ip', 'link'])).toContain('eth1');
      expect(instance(daemon, name).devices.eth1).toMatchObject(eth1);
      if (bridged) {
        // A static address on a network that hands out none: the daemon's own refusal.
        const refused = await put({ put: { name: 'eth1', type: 'nic', values: { network: network.name, name: 'eth1', 'ipv4.address': '10.9.9.9' } }, replacing: 'eth1' });
        expect(refused.status).toBeGreaterThanOrEqual(400);
        expect(refused.status).toBeLessThan(500);
        expect(refused.text).toMatch(/ipv4\.address|DHCP/);
      }

      expect((await put({ remove: 'host' })).status).toBe(200);
      expect(cli(daemon, ['exec', name, '--', 'cat', '/proc/mounts'])).not.toContain('/mnt/host');
      expect((await put({ remove: 'eth1' })).status).toBe(200);
      expect(cli(daemon, ['exec', name, '--', 'ip', 'link'])).not.toContain('eth1');

      // limits.egress: where the kernel has tc's police action it lands; this lab's kernel lacks it
      // (and a macvlan NIC takes no limits at all), and then the daemon's (or kernel's) words come
      // back and the device is not half-added. (One NIC at a time: a bridge refuses a second NIC with the same instance DNS name.)
      const before = ownDevices();
      const egress = await put({ put: { name: 'eth2', type: 'nic', values: { network: network.name, name: 'eth2', 'limits.egress': '10Mbit' } } });
      if (egress.status === 200) {
        expect(instance(daemon, name).devices.eth2).toMatchObject({ 'limits.egress': '10Mbit' });
        expect((await put({ remove: 'eth2' })).status).toBe(200);
      } else {
        expect(egress.status).toBeLessThan(500);
        expect(egress.text).toMatch(bridged ? /Failed to start device "eth2".*tc filter[\s\S]*(TC action|talking to the kernel)/ : /Invalid device option "limits\.egress"/);
        expect(ownDevices()).toEqual(before);
      }

      // Root resize: the instance gets its own root disk overriding the profile's, then grows it.
      expect((await put({ put: { name: 'root', type: 'disk', values: { path: '/', pool: 'default', size: '1GiB' } } })).status).toBe(200);
      expect((await put({ put: { name: 'root', type: 'disk', values: { path: '/', pool: 'default', size: '2GiB' } }, replacing: 'root' })).status).toBe(200);
      expect(instance(daemon, name).devices.root).toEqual({ type: 'disk', path: '/', pool: 'default', size: '2GiB' });

      // Editing through the gateway with a missing pool is refused by Hangar naming it.
      const missing = await put({ put: { name: 'data', type: 'disk', values: { path: '/data', pool: 'c2-gone', source: 'v' } } });
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('storage pool c2-gone does not exist');
      cli(daemon, ['delete', '--force', name]);
      cli(daemon, ['network', 'delete', network.name]);
    }
  });

  it('refuses creating and changing devices to operators and viewers', async () => {
    const name = instances.add('alpha', uniqueName('c2-role'));
    await admin.json('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name, image: { alias: 'busybox' } }, [201]);
    for (const api of [operator, viewer]) {
      const create = await api.request('POST', gw('alpha', '/1.0/instances'), { name: uniqueName('c2-no'), source: { type: 'image', alias: 'busybox' } });
      expect(refusal(create.status, await create.text())).toBe('forbidden');
      const launch = await api.request('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name: uniqueName('c2-no'), image: { alias: 'busybox' } });
      expect(refusal(launch.status, await launch.text())).toBe('forbidden');
      const patch = await api.request('PATCH', gw('alpha', `/1.0/instances/${name}`), { devices: { web: { type: 'proxy', listen: 'tcp:127.0.0.1:1', connect: 'tcp:127.0.0.1:2' } } });
      expect(refusal(patch.status, await patch.text())).toBe('forbidden');
    }
    expect(instance('alpha', name).devices).toEqual({});
  });
});
