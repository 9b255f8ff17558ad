import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {
  DaemonView,
  FleetMembersResponse,
  FleetNetworksResponse,
  FleetProjectsResponse,
  FleetStorageResponse,
  FleetWarningsResponse,
  TaskView,
} from '@/lib/api-types';
import { Api, settleTask, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName, type LabDaemon, throwawayInstances } from '../support/lab';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';

/**
 * Fleet-wide infrastructure (API.md): the read APIs against LXD, the LXD cluster and Incus, and
 * the writes the console sends through the gateway — volumes, networks, projects — with the
 * refusals a viewer and an operator get.
 */
describe('infrastructure against real daemons', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  let viewer: Api;
  let operator: Api;
  const instances = throwawayInstances('infra');
  const volumes: [LabDaemon, string][] = [];
  const networks: [LabDaemon, string][] = [];
  const projects: [LabDaemon, string][] = [];
  const acls: [LabDaemon, string, string][] = [];

  const gw = (daemon: LabDaemon, path: string) => `/api/v1/daemons/${ids[daemon]}/lxd${path}`;

  beforeAll(async () => {
    admin = await Api.login(url);
    viewer = await userWithRole(admin, 'viewer', 'infra-v');
    operator = await userWithRole(admin, 'operator', 'infra-o');
  });

  afterAll(() => {
    instances.removeAll();
    const quietly = (daemon: LabDaemon, args: string[]) => {
      try {
        cli(daemon, args);
      } catch {
        /* deleted by the test */
      }
    };
    for (const [daemon, name] of volumes) quietly(daemon, ['storage', 'volume', 'delete', 'default', name]);
    for (const [daemon, name] of networks) quietly(daemon, ['network', 'delete', name]);
    for (const [daemon, name, project] of acls.reverse()) quietly(daemon, ['network', 'acl', 'delete', name, `--project=${project}`]);
    for (const [daemon, name] of projects) {
      forceDelete(daemon, 'c1', name);
      quietly(daemon, ['project', 'delete', name]);
    }
  });

  it('lists storage pools of every daemon, per member on the cluster, with usage and volumes', async () => {
    const inst = instances.launch('alpha', { start: false });
    const r = await viewer.json<FleetStorageResponse>('GET', '/api/v1/storage');
    expect(r.errors).toEqual([]);
    const alpha = r.pools.find((p) => p.daemon.id === ids.alpha && p.name === 'default')!;
    expect(alpha).toMatchObject({ driver: 'dir', status: 'Created' });
    expect(alpha.location).toBeUndefined();
    expect(alpha.usage!.totalBytes).toBeGreaterThan(alpha.usage!.usedBytes);
    expect(alpha.volumes.find((v) => v.name === inst)).toMatchObject({
      type: 'container',
      contentType: 'filesystem',
      project: 'default',
      usedBy: [`/1.0/instances/${inst}`],
    });
    const beta = r.pools.filter((p) => p.daemon.id === ids.beta && p.name === 'default');
    expect(beta.map((p) => p.location).sort()).toEqual(['member1', 'member2']);
    for (const p of beta) expect(p.usage!.totalBytes).toBeGreaterThan(0);
    expect(r.pools.some((p) => p.daemon.id === ids.gamma && p.driver === 'dir')).toBe(true);
    const only = await viewer.json<FleetStorageResponse>('GET', `/api/v1/storage?daemon=${ids.gamma}`);
    expect(new Set(only.pools.map((p) => p.daemon.name))).toEqual(new Set(['gamma']));
  });

  it('lists networks, projects with usage against limits, cluster members and warnings', async () => {
    const nets = await viewer.json<FleetNetworksResponse>('GET', '/api/v1/networks');
    expect(nets.errors).toEqual([]);
    expect(nets.networks.find((n) => n.daemon.id === ids.gamma && n.name === 'lo')).toMatchObject({ type: 'loopback', managed: false });

    const project = uniqueName('ip');
    cli('alpha', ['project', 'create', project, '-c', 'features.images=false', '-c', 'limits.instances=3', '-c', 'restricted=true']);
    projects.push(['alpha', project]);
    const projs = await viewer.json<FleetProjectsResponse>('GET', '/api/v1/projects');
    expect(projs.errors).toEqual([]);
    const p = projs.projects.find((x) => x.daemon.id === ids.alpha && x.name === project)!;
    expect(p.limits).toEqual({ 'limits.instances': '3' });
    expect(p.restrictions).toEqual({ restricted: 'true' });
    expect(p.features).toContain('profiles');
    expect(p.usage.instances).toEqual({ limit: 3, usage: 0 });
    expect(projs.projects.find((x) => x.daemon.id === ids.gamma && x.name === 'default')!.usage.instances.limit).toBeNull();

    const members = await viewer.json<FleetMembersResponse>('GET', '/api/v1/members');
    expect(members.errors).toEqual([]);
    const beta = members.members.filter((m) => m.daemon.id === ids.beta);
    expect(beta.map((m) => m.name).sort()).toEqual(['member1', 'member2']);
    for (const m of beta) {
      expect(m).toMatchObject({ architecture: 'x86_64', status: 'Online', message: 'Fully operational' });
      expect(m.roles.length).toBeGreaterThan(0);
      expect(m.resources!.cpuThreads).toBeGreaterThan(0);
      expect(m.resources!.memoryTotalBytes).toBeGreaterThan(m.resources!.memoryUsedBytes);
    }
    expect(members.members.some((m) => m.daemon.id !== ids.beta)).toBe(false);

    const warnings = await viewer.json<FleetWarningsResponse>('GET', '/api/v1/warnings');
    expect(warnings.errors).toEqual([]);
    expect(warnings.warnings.length).toBeGreaterThan(0);
    for (const w of warnings.warnings) expect(w.uuid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('acknowledges a warning through the gateway (admin only)', async () => {
    const { warnings } = await admin.json<FleetWarningsResponse>('GET', `/api/v1/warnings?daemon=${ids.alpha}`);
    const w = warnings[0];
    for (const who of [viewer, operator]) {
      const res = await who.request('PATCH', gw('alpha', `/1.0/warnings/${w.uuid}`), { status: 'acknowledged' });
      expect(res.status).toBe(403);
    }
    await admin.lxd(ids.alpha, 'PATCH', `/1.0/warnings/${w.uuid}`, { status: 'acknowledged' });
    const after = await admin.json<FleetWarningsResponse>('GET', `/api/v1/warnings?daemon=${ids.alpha}&status=acknowledged`);
    expect(after.warnings.map((x) => x.uuid)).toContain(w.uuid);
    // Put it back as it was: the lab is shared.
    await admin.lxd(ids.alpha, 'PATCH', `/1.0/warnings/${w.uuid}`, { status: w.status });
  });

  for (const daemon of ['alpha', 'gamma'] as const) {
    it(`creates, resizes, snapshots, attaches, detaches and deletes a volume on ${daemon}`, async () => {
      const vol = uniqueName('vol');
      const inst = instances.launch(daemon, { start: false });
      const volPath = `/1.0/storage-pools/default/volumes/custom/${vol}`;
      const create = { name: vol, type: 'custom', config: { size: '10MiB' } };
      for (const who of [viewer, operator]) {
        expect((await who.request('POST', gw(daemon, '/1.0/storage-pools/default/volumes'), create)).status).toBe(403);
      }
      expect((await admin.request('GET', gw(daemon, volPath))).status).toBe(404);

      volumes.push([daemon, vol]);
      await admin.lxd(ids[daemon], 'POST', '/1.0/storage-pools/default/volumes', create);
      // A size the daemon cannot read: its own words come back.
      const bad = await admin.request('PATCH', gw(daemon, volPath), { config: { size: 'ten megs' } });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/size|invalid/i);
      for (const who of [viewer, operator]) expect((await who.request('PATCH', gw(daemon, volPath), { config: { size: '1GiB' } })).status).toBe(403);
      await admin.lxd(ids[daemon], 'PATCH', volPath, { config: { size: '20MiB' } });
      for (const who of [viewer, operator]) expect((await who.request('POST', gw(daemon, `${volPath}/snapshots`), { name: 's0' })).status).toBe(403);
      await admin.lxd(ids[daemon], 'POST', `${volPath}/snapshots`, { name: 's0' });

      let listed = (await admin.json<FleetStorageResponse>('GET', `/api/v1/storage?daemon=${ids[daemon]}`)).pools
        .find((p) => p.name === 'default')!
        .volumes.find((v) => v.name === vol)!;
      expect(listed).toMatchObject({ type: 'custom', contentType: 'filesystem', size: '20MiB', snapshots: 1, usedBy: [] });

      // Attach: a disk device on the instance; the volume then names it as a user.
      const device = { type: 'disk', pool: 'default', source: vol, path: '/mnt/data' };
      for (const who of [viewer, operator]) {
        expect((await who.request('PATCH', gw(daemon, `/1.0/instances/${inst}`), { devices: { data: device } })).status).toBe(403);
      }
      await admin.lxd(ids[daemon], 'PATCH', `/1.0/instances/${inst}`, { devices: { data: device } });
      listed = (await admin.json<FleetStorageResponse>('GET', `/api/v1/storage?daemon=${ids[daemon]}`)).pools
        .find((p) => p.name === 'default')!
        .volumes.find((v) => v.name === vol)!;
      expect(listed.usedBy).toEqual([`/1.0/instances/${inst}`]);

      // In use: the daemon refuses the delete and says why; the volume is still there.
      const refused = await admin.request('DELETE', gw(daemon, volPath));
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/in use|still used|used by/i);
      expect((await admin.request('GET', gw(daemon, volPath))).status).toBe(200);

      // Detach: the instance without the device (PUT of what it has, minus the device).
      const current = await admin.json<{ metadata: { devices: Record<string, unknown>; config: Record<string, string>; profiles: string[]; description: string; ephemeral: boolean; architecture: string } }>(
        'GET',
        gw(daemon, `/1.0/instances/${inst}`),
      );
      const { data: _removed, ...devices } = current.metadata.devices;
      await admin.lxd(ids[daemon], 'PUT', `/1.0/instances/${inst}`, { ...current.metadata, devices });
      expect(cli(daemon, ['config', 'device', 'list', inst]).trim()).toBe('');

      for (const who of [viewer, operator]) expect((await who.request('DELETE', gw(daemon, volPath))).status).toBe(403);
      await admin.lxd(ids[daemon], 'DELETE', `${volPath}/snapshots/s0`);
      await admin.lxd(ids[daemon], 'DELETE', volPath);
      expect((await admin.request('GET', gw(daemon, volPath))).status).toBe(404);
    });
  }

  for (const daemon of ['alpha', 'gamma'] as const) {
    it(`creates, edits and deletes a bridge without addresses on ${daemon}`, async () => {
      const name = `hb${Date.now().toString(36).slice(-6)}${Math.floor(Math.random() * 36).toString(36)}`;
      const body = { name, type: 'bridge', description: 'infra test', config: { 'ipv4.address': 'none', 'ipv6.address': 'none' } };
      for (const who of [viewer, operator]) expect((await who.request('POST', gw(daemon, '/1.0/networks'), body)).status).toBe(403);
      expect((await admin.request('GET', gw(daemon, `/1.0/networks/${name}`))).status).toBe(404);
      networks.push([daemon, name]);
      await admin.lxd(ids[daemon], 'POST', '/1.0/networks', body);
      const listed = (await viewer.json<FleetNetworksResponse>('GET', `/api/v1/networks?daemon=${ids[daemon]}`)).networks.find((n) => n.name === name)!;
      expect(listed).toMatchObject({ type: 'bridge', managed: true, status: 'Created', description: 'infra test' });
      expect(listed.config['ipv4.address']).toBe('none');

      // A bad address: the daemon's words, nothing changed.
      const bad = await admin.request('PATCH', gw(daemon, `/1.0/networks/${name}`), { config: { 'ipv4.address': 'not-a-cidr' } });
      expect(bad.status).toBe(400);
      for (const who of [viewer, operator]) {
        expect((await who.request('PATCH', gw(daemon, `/1.0/networks/${name}`), { description: 'x' })).status).toBe(403);
        expect((await who.request('DELETE', gw(daemon, `/1.0/networks/${name}`))).status).toBe(403);
      }
      await admin.lxd(ids[daemon], 'PATCH', `/1.0/networks/${name}`, { description: 'edited' });
      const edited = await admin.lxd<{ description: string; config: Record<string, string> }>(ids[daemon], 'GET', `/1.0/networks/${name}`);
      expect(edited.description).toBe('edited');
      expect(edited.config['ipv4.address']).toBe('none');
      await admin.lxd(ids[daemon], 'DELETE', `/1.0/networks/${name}`);
      expect((await admin.request('GET', gw(daemon, `/1.0/networks/${name}`))).status).toBe(404);
    });
  }

  for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
    it(`creates, lists, edits the rules of and deletes a network ACL on ${daemon}; refused while in use`, async () => {
      const name = uniqueName('acl');
      const user = uniqueName('aclu');
      const path = `/1.0/network-acls/${name}`;
      const body = {
        name,
        description: 'infra test',
        ingress: [{ action: 'allow', state: 'enabled', protocol: 'tcp', destination_port: '22' }],
        egress: [],
      };
      for (const who of [viewer, operator]) expect((await who.request('POST', gw(daemon, '/1.0/network-acls'), body)).status).toBe(403);
      acls.push([daemon, name, 'default']);
      await admin.lxd(ids[daemon], 'POST', '/1.0/network-acls', body);
      const list = await viewer.json<FleetNetworksResponse>('GET', `/api/v1/networks?daemon=${ids[daemon]}`);
      expect(list.aclDaemons).toEqual([ids[daemon]]);
      expect(list.acls.find((a) => a.name === name)).toMatchObject({
        project: 'default',
        description: 'infra test',
        ingress: [{ action: 'allow', protocol: 'tcp', destination_port: '22' }],
        egress: [],
        usedBy: [],
      });

      // A rule the daemon refuses (both answer it with a 500 of their own): its words, nothing changed.
      const current = await admin.lxd<{ description: string; config: Record<string, string>; ingress: unknown[]; egress: unknown[] }>(ids[daemon], 'GET', path);
      const bad = await admin.request('PUT', gw(daemon, path), { ...current, egress: [{ action: 'allow', state: 'enabled', destination: 'not-an-address' }] });
      expect(bad.status).toBeGreaterThanOrEqual(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/Invalid egress rule 0: .*not-an-address/i);
      expect((await admin.lxd<{ egress: unknown[] }>(ids[daemon], 'GET', path)).egress).toEqual([]);
      for (const who of [viewer, operator]) expect((await who.request('PUT', gw(daemon, path), current)).status).toBe(403);
      const rules = { egress: [{ action: 'reject', state: 'logged', destination: '192.0.2.0/24' }] };
      await admin.lxd(ids[daemon], 'PUT', path, { ...current, ...rules });
      expect((await admin.lxd<{ egress: unknown[]; ingress: unknown[] }>(ids[daemon], 'GET', path)).egress).toEqual([
        expect.objectContaining(rules.egress[0]),
      ]);

      // Another ACL whose rule names this one: the daemon refuses the delete and says so.
      acls.push([daemon, user, 'default']);
      await admin.lxd(ids[daemon], 'POST', '/1.0/network-acls', { name: user, ingress: [{ action: 'allow', state: 'enabled', source: name }], egress: [] });
      const inUse = (await viewer.json<FleetNetworksResponse>('GET', `/api/v1/networks?daemon=${ids[daemon]}`)).acls.find((a) => a.name === name)!;
      expect(inUse.usedBy.join(' ')).toContain(user);
      // The daemons answer this refusal with a 500 of their own; Hangar passes on their words.
      const refused = await admin.request('DELETE', gw(daemon, path));
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(((await refused.json()) as { error: string }).error).toMatch(/Cannot delete an ACL that is in use/i);
      expect((await admin.request('GET', gw(daemon, path))).status).toBe(200);
      for (const who of [viewer, operator]) expect((await who.request('DELETE', gw(daemon, `/1.0/network-acls/${user}`))).status).toBe(403);
      await admin.lxd(ids[daemon], 'DELETE', `/1.0/network-acls/${user}`);
      await admin.lxd(ids[daemon], 'DELETE', path);
      expect((await admin.request('GET', gw(daemon, path))).status).toBe(404);
    });
  }

  it('lists the networks and ACLs of a project with its own networks, and shows the daemon refusing a bridge there', async () => {
    for (const daemon of ['alpha', 'gamma'] as const) {
      const project = uniqueName('pn');
      projects.push([daemon, project]);
      await admin.lxd(ids[daemon], 'POST', '/1.0/projects', { name: project, config: { 'features.networks': 'true' } });
      const acl = uniqueName('pacl');
      acls.push([daemon, acl, project]);
      await admin.lxd(ids[daemon], 'POST', `/1.0/network-acls?project=${project}`, { name: acl, ingress: [], egress: [] });
      const list = await viewer.json<FleetNetworksResponse>('GET', `/api/v1/networks?daemon=${ids[daemon]}`);
      expect(list.acls.find((a) => a.name === acl)).toMatchObject({ project });
      expect(list.acls.some((a) => a.name === acl && a.project === 'default')).toBe(false);
      // Host interfaces are listed once, with the default project.
      expect(list.networks.filter((n) => n.project === project && !n.managed)).toEqual([]);
      // LXD 5.0 has no bridges in other projects, Incus needs an uplink (OVN) the lab does not have: the daemon's words.
      const bridge = await admin.request('POST', gw(daemon, `/1.0/networks?project=${project}`), {
        name: uniqueName('pb').slice(0, 15),
        type: 'bridge',
        config: { 'ipv4.address': 'none', 'ipv6.address': 'none' },
      });
      expect(bridge.status).toBeGreaterThanOrEqual(400);
      expect(((await bridge.json()) as { error: string }).error).toMatch(/uplink|OVN|OVS|non-default projects/i);
      await admin.lxd(ids[daemon], 'DELETE', `/1.0/network-acls/${acl}?project=${project}`);
    }
  });

  it('creates, edits, launches into, refuses to delete while not empty, renames and deletes a project', async () => {
    const name = uniqueName('pj');
    const body = { name, description: 'infra', config: { 'features.images': 'false', 'features.profiles': 'false' } };
    for (const who of [viewer, operator]) expect((await who.request('POST', gw('gamma', '/1.0/projects'), body)).status).toBe(403);
    projects.push(['gamma', name]);
    await admin.lxd(ids.gamma, 'POST', '/1.0/projects', body);
    for (const who of [viewer, operator]) {
      expect((await who.request('PATCH', gw('gamma', `/1.0/projects/${name}`), { config: { 'limits.instances': '1' } })).status).toBe(403);
    }
    // An edit is a PUT of the whole project (a PATCH's partial config would drop the features).
    await admin.lxd(ids.gamma, 'PUT', `/1.0/projects/${name}`, { description: 'edited', config: { ...body.config, 'limits.instances': '2' } });
    let listed = (await viewer.json<FleetProjectsResponse>('GET', `/api/v1/projects?daemon=${ids.gamma}`)).projects.find((p) => p.name === name)!;
    expect(listed.limits).toEqual({ 'limits.instances': '2' });

    await admin.lxd(ids.gamma, 'POST', `/1.0/instances?project=${encodeURIComponent(name)}`, {
      name: 'c1',
      source: { type: 'image', alias: 'busybox' },
    });
    listed = (await viewer.json<FleetProjectsResponse>('GET', `/api/v1/projects?daemon=${ids.gamma}`)).projects.find((p) => p.name === name)!;
    expect(listed.usage.instances).toEqual({ limit: 2, usage: 1 });

    const refused = await admin.request('DELETE', gw('gamma', `/1.0/projects/${name}`));
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(((await refused.json()) as { error: string }).error).toMatch(/empty/i);
    for (const who of [viewer, operator]) expect((await who.request('DELETE', gw('gamma', `/1.0/projects/${name}`))).status).toBe(403);

    await admin.lxd(ids.gamma, 'DELETE', `/1.0/instances/c1?project=${encodeURIComponent(name)}`);
    const renamed = `${name}-r`;
    projects.push(['gamma', renamed]);
    for (const who of [viewer, operator]) expect((await who.request('POST', gw('gamma', `/1.0/projects/${name}`), { name: renamed })).status).toBe(403);
    await admin.lxd(ids.gamma, 'POST', `/1.0/projects/${name}`, { name: renamed });
    await admin.lxd(ids.gamma, 'DELETE', `/1.0/projects/${renamed}`);
    const after = await viewer.json<FleetProjectsResponse>('GET', `/api/v1/projects?daemon=${ids.gamma}`);
    expect(after.projects.some((p) => p.name === name || p.name === renamed)).toBe(false);
  });

  it('refuses member evacuation to viewers and operators, on a standalone daemon and for an unknown member', async () => {
    for (const who of [viewer, operator]) {
      const res = await who.request('POST', `/api/v1/daemons/${ids.beta}/members/member2/evacuate`);
      expect(res.status).toBe(403);
    }
    const standalone = await admin.request('POST', `/api/v1/daemons/${ids.alpha}/members/alpha/evacuate`);
    expect(standalone.status).toBe(400);
    expect(((await standalone.json()) as { error: { code: string } }).error.code).toBe('not_clustered');
    const unknown = await admin.request('POST', `/api/v1/daemons/${ids.beta}/members/no-such-member/restore`);
    expect(unknown.status).toBe(404);
    const online = await admin.request('POST', `/api/v1/daemons/${ids.beta}/members/member2/restore`);
    expect(online.status).toBe(409);
    expect(((await online.json()) as { error: { code: string } }).error.code).toBe('member_not_evacuated');
    const members = await admin.json<FleetMembersResponse>('GET', `/api/v1/members?daemon=${ids.beta}`);
    expect(members.members.every((m) => m.status === 'Online')).toBe(true);
  });

  it('evacuates a member of beta (its instance moves away), refuses the last online member, and restores it (the instance comes back)', async () => {
    // beta is shared: a throwaway instance of our own, and the member restored at once whatever happens.
    const inst = instances.launch('beta', { args: ['--target', 'member2'] });
    const where = () => (JSON.parse(cli('beta', ['list', inst, '--format=json'])) as { location: string; status: string }[])[0];
    const member = async (name: string) =>
      (await admin.json<FleetMembersResponse>('GET', `/api/v1/members?daemon=${ids.beta}`)).members.find((m) => m.name === name)!;
    expect((await member('member2')).instances).toBeGreaterThanOrEqual(1);
    let restoreTask: TaskView | undefined;
    try {
      const { task: started } = await admin.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.beta}/members/member2/evacuate`, undefined, [202]);
      expect(started).toMatchObject({ kind: 'member.evacuate', state: 'running', target: { daemon: ids.beta, member: 'member2' } });
      // A real task: listed on the Tasks page while it runs and after.
      const listed = await admin.json<TaskView[]>('GET', '/api/v1/tasks?limit=50');
      expect(listed.map((t) => t.id)).toContain(started.id);
      const task = await settleTask(admin, started.id);
      expect(task, JSON.stringify(task)).toMatchObject({ state: 'done', progress: { stage: 'done', percent: 100 } });
      expect(task.result).toMatchObject({ operation: expect.stringMatching(/^\/1\.0\/operations\//), moved: task.result!.instances });
      expect(task.result!.instances).toBeGreaterThanOrEqual(1);
      expect(where().location).toBe('member1');
      expect((await member('member2')).status).toBe('Evacuated');
      const fleet = await admin.json<{ instances: { name: string }[] }>('GET', `/api/v1/instances?daemon=${ids.beta}&location=member1`);
      expect(fleet.instances.map((i) => i.name)).toContain(inst);

      // member1 is now the only online member: refused by Hangar, before the daemon is asked.
      const last = await admin.request('POST', `/api/v1/daemons/${ids.beta}/members/member1/evacuate`);
      expect(last.status).toBe(409);
      expect(((await last.json()) as { error: { code: string } }).error.code).toBe('last_online_member');
      expect((await member('member1')).status).toBe('Online');
      // Evacuating it again is refused before it becomes a task (a failed evacuation is undone by a restore).
      const again = await admin.request('POST', `/api/v1/daemons/${ids.beta}/members/member2/evacuate`);
      expect(again.status).toBe(409);
      expect(((await again.json()) as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'member_not_online',
        message: expect.stringMatching(/evacuated/),
      });
      expect((await member('member2')).status).toBe('Evacuated');
    } finally {
      const restored = await admin.request('POST', `/api/v1/daemons/${ids.beta}/members/member2/restore`);
      expect(restored.status).toBe(202);
      restoreTask = await settleTask(admin, ((await restored.json()) as { task: TaskView }).task.id);
    }
    expect(restoreTask, JSON.stringify(restoreTask)).toMatchObject({ kind: 'member.restore', state: 'done' });
    expect(restoreTask.result!.moved).toBeGreaterThanOrEqual(1);
    expect((await member('member2')).status).toBe('Online');
    expect(where()).toMatchObject({ location: 'member2', status: 'Running' });
  });

  it('reports a daemon that went away in errors of every list, and lists the others', async () => {
    let scratch: ScratchDaemon | undefined;
    let id: string | undefined;
    /** Each list and the field its rows are in. */
    const lists = { storage: 'pools', networks: 'networks', projects: 'projects', members: 'members', warnings: 'warnings' };
    try {
      scratch = await startScratchLxd();
      const d = await admin.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('scratch'), url: scratch.url, trustPassword: scratch.password }, [201]);
      id = d.id;
      const projects = await viewer.json<FleetProjectsResponse>('GET', '/api/v1/projects');
      expect(projects.projects.some((p) => p.daemon.id === d.id && p.name === 'default')).toBe(true);
      scratch.stop();
      for (const [list, field] of Object.entries(lists)) {
        const r = await viewer.json<{ errors: unknown[] } & Record<string, { daemon: { id: string } }[]>>('GET', `/api/v1/${list}`);
        // A standalone daemon has no members: the members list does not ask it.
        if (list === 'members') {
          expect(r.errors).toEqual([]);
          continue;
        }
        expect(r.errors, list).toEqual([{ daemon: d.name, message: expect.stringMatching(/refused|closed|reach/) }]);
        expect(r[field].some((row) => row.daemon.id === ids.gamma), list).toBe(true);
      }
    } finally {
      if (id) await admin.request('DELETE', `/api/v1/daemons/${id}`);
      scratch?.destroy();
    }
  });
});
