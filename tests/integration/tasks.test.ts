import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TaskView } from '@/lib/api-types';
import { Api, registerLab, settleTask, startHangar, userWithRole, whenStreaming } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { SseClient } from '../support/sse';

type Ids = { alpha: string; gamma: string };

const settle = (api: Api, id: string, timeoutMs = 120_000): Promise<TaskView> => settleTask(api, id, timeoutMs);

/** A busybox container with ~150 MB of data, so a relayed copy is still streaming when a test interrupts it. */
function bigContainer(prefix: string): string {
  const name = uniqueName(prefix);
  cli('alpha', ['launch', 'busybox', name]);
  cli('alpha', ['exec', name, '--', 'sh', '-c', 'dd if=/dev/urandom of=/root/big bs=1M count=150 2>/dev/null']);
  return name;
}

describe('tasks: visibility and the live stream', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  const made: [string, 'alpha' | 'gamma'][] = [];

  beforeAll(async () => {
    admin = await Api.login(url);
  });
  afterAll(() => {
    for (const [name, daemon] of made) forceDelete(daemon, name);
  });

  it('sends progress and the end as event: task to the admin, and nothing of it to a viewer', async () => {
    const viewer = await userWithRole(admin, 'viewer');
    const src = uniqueName('tkev');
    made.push([src, 'alpha']);
    cli('alpha', ['launch', 'busybox', src]);
    const adminStream = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${admin.token}` });
    const viewerStream = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${viewer.token}` });
    try {
      const name = uniqueName('tkev');
      made.push([name, 'gamma']);
      const { task } = await admin.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha}/instances/${src}/copy`, {
        to: { daemon: ids.gamma, name },
      });
      const done = await adminStream.waitFor(
        (m) => m.event === 'task' && (JSON.parse(m.data) as TaskView).id === task.id && JSON.parse(m.data).state === 'done',
        120_000,
        'the task done',
      );
      const view = JSON.parse(done.data) as TaskView;
      expect(view).toMatchObject({ kind: 'instance.copy', user: 'admin', target: { daemonName: 'gamma', instance: name } });
      const stages = adminStream.messages.filter((m) => m.event === 'task').map((m) => (JSON.parse(m.data) as TaskView).progress.stage);
      // Progress is sent at most every 400 ms: a small copy may skip stages, never the start and the end.
      expect(stages[0]).toBe('starting');
      expect(stages.at(-1)).toBe('done');
      // The viewer sees neither the events, nor the list, nor the task by id.
      expect(viewerStream.messages.some((m) => m.event === 'task')).toBe(false);
      expect(await viewer.json<TaskView[]>('GET', '/api/v1/tasks')).toEqual([]);
      expect((await viewer.request('GET', `/api/v1/tasks/${task.id}`)).status).toBe(404);
      expect((await viewer.request('DELETE', `/api/v1/tasks/${task.id}`)).status).toBe(404);
      // The admin sees it listed, by state too.
      expect((await admin.json<TaskView[]>('GET', '/api/v1/tasks?state=done')).map((t) => t.id)).toContain(task.id);
      expect((await admin.json<TaskView[]>('GET', '/api/v1/tasks?state=running')).map((t) => t.id)).not.toContain(task.id);
      expect((await admin.request('GET', '/api/v1/tasks?state=bogus')).status).toBe(400);
      // Audited with the action, source and target.
      const audit = await admin.json<{ target: string; detail?: Record<string, unknown> }[]>('GET', '/api/v1/audit?action=copy&limit=20');
      const record = audit.find((r) => (r.detail as { task?: string } | undefined)?.task === task.id);
      expect(record?.detail).toMatchObject({ action: 'instance.copy', source: { instance: src }, target: { instance: name } });
    } finally {
      adminStream.close();
      viewerStream.close();
    }
  });
});

describe('tasks across a Hangar restart', () => {
  const made: [string, 'alpha' | 'gamma'][] = [];
  afterAll(() => {
    for (const [name, daemon] of made) forceDelete(daemon, name);
  });

  it('a task running when Hangar stops is failed with the reason, its partial copy removed, the source as it was', async () => {
    const env = { HANGAR_SECRET: crypto.randomBytes(24).toString('hex') };
    let hangar = await startHangar({ env });
    let api = await Api.login(hangar.url);
    try {
      const ids = (await registerLab(api, ['alpha', 'gamma'])) as unknown as Record<keyof Ids, { id: string }>;
      const src = bigContainer('tkrs');
      made.push([src, 'alpha'], [src, 'gamma']);
      const { task } = await api.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha.id}/instances/${src}/copy`, {
        to: { daemon: ids.gamma.id },
        move: true,
        stop: true,
      });
      await whenStreaming(api, task.id);
      await hangar.stop();
      hangar = await startHangar({ env, dataDir: hangar.dataDir });
      api = await Api.login(hangar.url);
      // Undone by the stopping Hangar within its grace, or handed over to this one (it adopts it at start).
      const after = await settle(api, task.id, 60_000);
      expect(after.state).toBe('failed');
      expect(after.error).toMatch(/Hangar was stopped/);
      expect((await api.json<TaskView[]>('GET', '/api/v1/tasks?state=running')).map((t) => t.id)).not.toContain(task.id);
      expect(JSON.parse(cli('gamma', ['list', '--format=json', `^${src}$`]))).toEqual([]);
      expect(cli('alpha', ['list', '--format=csv', '-c', 's', `^${src}$`]).trim()).toBe('RUNNING');
      expect(JSON.parse(cli('alpha', ['query', `/1.0/instances/${src}/backups`]))).toEqual([]);

      // Stopped with no grace at all: the undo is handed over with the steps left, and the next Hangar finishes it at once.
      await hangar.stop();
      hangar = await startHangar({ env: { ...env, HANGAR_SHUTDOWN_GRACE_S: '0' }, dataDir: hangar.dataDir });
      api = await Api.login(hangar.url);
      const hurried = await api.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha.id}/instances/${src}/copy`, {
        to: { daemon: ids.gamma.id },
        move: true,
        stop: true,
      });
      await whenStreaming(api, hurried.task.id);
      await hangar.stop();
      hangar = await startHangar({ env, dataDir: hangar.dataDir });
      api = await Api.login(hangar.url);
      const handedOver = await settle(api, hurried.task.id, 60_000);
      expect(handedOver.state).toBe('failed');
      expect(handedOver.error).toMatch(/^Hangar was stopped while this task ran and handed its undo over; another Hangar undid what it had done$/);
      expect(JSON.parse(cli('gamma', ['list', '--format=json', `^${src}$`]))).toEqual([]);
      expect(cli('alpha', ['list', '--format=csv', '-c', 's', `^${src}$`]).trim()).toBe('RUNNING');
      expect(JSON.parse(cli('alpha', ['query', `/1.0/instances/${src}/backups`]))).toEqual([]);

      // Killed outright: no chance to record anything; the next Hangar fails the task by its stale heartbeat.
      const second = await api.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha.id}/instances/${src}/copy`, {
        to: { daemon: ids.gamma.id, name: `${src}-k` },
      });
      made.push([`${src}-k`, 'gamma']);
      await whenStreaming(api, second.task.id);
      process.kill(hangar.pid, 'SIGKILL');
      await hangar.stop();
      hangar = await startHangar({ env, dataDir: hangar.dataDir });
      api = await Api.login(hangar.url);
      const killed = await settle(api, second.task.id, 60_000);
      expect(killed.state).toBe('failed');
      expect(killed.error).toMatch(/Hangar stopped \(restarted or crashed\)/);
    } finally {
      // Removing the daemons takes Hangar's certificates out of their trust stores.
      for (const d of await api.json<{ id: string }[]>('GET', '/api/v1/daemons')) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
      await hangar.stop();
    }
    // Five Hangar starts and three interrupted copies of 150 MB on a loaded machine.
  }, 300_000);
});
