import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DaemonView, FleetInstance, FleetResponse } from '@/lib/api-types';
import { Api } from '../support/hangar';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../support/lab';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';

/** GET /api/v1/instances across LXD, the LXD cluster and Incus, all projects, in parallel. */
describe('fleet against real daemons', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let api: Api;
  const made: [LabDaemon, string, string][] = [];
  const names = { alpha: uniqueName('fa'), beta: uniqueName('fb'), gamma: uniqueName('fg'), project: uniqueName('fp') };

  beforeAll(async () => {
    api = await Api.login(url);
    cli('alpha', ['launch', 'busybox', names.alpha]);
    made.push(['alpha', names.alpha, 'default']);
    cli('beta', ['launch', 'busybox', names.beta, '--target', 'member2']);
    made.push(['beta', names.beta, 'default']);
    cli('gamma', ['init', 'busybox', names.gamma]);
    made.push(['gamma', names.gamma, 'default']);
    // A second project on alpha, with its own instance, to prove all projects are listed.
    cli('alpha', ['project', 'create', names.project, '-c', 'features.images=false', '-c', 'features.profiles=false']);
    cli('alpha', ['launch', 'busybox', `${names.alpha}-p`, `--project=${names.project}`]);
  });
  afterAll(() => {
    for (const [daemon, name, project] of made) forceDelete(daemon, name, project);
    forceDelete('alpha', `${names.alpha}-p`, names.project);
    try {
      cli('alpha', ['project', 'delete', names.project]);
    } catch {
      /* left behind only if the instance delete failed */
    }
  });

  const fleet = (query = '') => api.json<FleetResponse>('GET', `/api/v1/instances${query}`);
  const find = (r: FleetResponse, name: string) => r.instances.find((i) => i.name === name);

  it('lists instances of every daemon and project with usage', async () => {
    const r = await fleet();
    expect(r.errors).toEqual([]);
    const a = find(r, names.alpha)!;
    expect(a).toMatchObject({ daemon: { id: ids.alpha, name: 'alpha' }, project: 'default', type: 'container', status: 'Running', profiles: ['default'] });
    expect(a.usage.processes).toBeGreaterThan(0);
    expect(a.usage.memoryBytes).toBeGreaterThan(0);
    expect(a.usage.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(a.image).toContain('busybox');
    expect(Date.parse(a.createdAt)).toBeGreaterThan(0);
    expect(find(r, names.beta)).toMatchObject({ daemon: { id: ids.beta }, location: 'member2', status: 'Running' });
    const g = find(r, names.gamma)!;
    expect(g).toMatchObject({ daemon: { id: ids.gamma, name: 'gamma' }, status: 'Stopped' });
    expect(g.usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
    expect(find(r, `${names.alpha}-p`)).toMatchObject({ project: names.project });
  });

  it('filters by daemon, project, status and search text', async () => {
    const byDaemon = await fleet(`?daemon=${ids.gamma}`);
    expect(new Set(byDaemon.instances.map((i) => i.daemon.name))).toEqual(new Set(['gamma']));
    const byName = await fleet('?daemon=gamma');
    expect(byName.instances.length).toBe(byDaemon.instances.length);
    const byProject = await fleet(`?project=${names.project}`);
    expect(byProject.instances.map((i: FleetInstance) => i.name)).toEqual([`${names.alpha}-p`]);
    const stopped = await fleet('?status=stopped');
    expect(stopped.instances.every((i) => i.status === 'Stopped')).toBe(true);
    expect(find(stopped, names.gamma)).toBeDefined();
    const q = await fleet(`?q=${names.beta}`);
    expect(q.instances.map((i) => i.name)).toEqual([names.beta]);
  });

  it('reports a daemon that stops mid-test as an error and still lists the others', async () => {
    let scratch: ScratchDaemon | undefined;
    let id: string | undefined;
    try {
      scratch = await startScratchLxd();
      const d = await api.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('scratch'), url: scratch.url, trustPassword: scratch.password }, [201]);
      id = d.id;
      expect((await fleet()).errors).toEqual([]);

      scratch.stop();
      const started = Date.now();
      // The list comes from Hangar's live model: it shows the daemon gone as soon as its event stream drops.
      let r = await fleet();
      while (r.errors.length === 0 && Date.now() - started < 10_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        r = await fleet();
      }
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(r.errors).toEqual([{ daemon: d.name, message: expect.stringMatching(/refused|closed|reach/) }]);
      expect(find(r, names.alpha)).toBeDefined();
      expect(find(r, names.beta)).toBeDefined();
      expect(find(r, names.gamma)).toBeDefined();
      const view = await api.json<DaemonView>('GET', `/api/v1/daemons/${id}`);
      expect(view.status).toBe('offline');
      expect(view.error).toBeTruthy();
      const removed = await api.json<{ untrusted: boolean; warning?: string }>('DELETE', `/api/v1/daemons/${id}`);
      id = undefined;
      expect(removed.untrusted).toBe(false);
      expect(removed.warning).toMatch(/could not remove/);
    } finally {
      if (id) await api.request('DELETE', `/api/v1/daemons/${id}`);
      scratch?.destroy();
    }
  });
});
