import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonView, TaskView } from '@/lib/api-types';
import { Api, registerLab, settleTask, startHangar, whenStreaming, type Hangar } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { startPostgres, type Postgres } from '../support/postgres';

/**
 * Two replicas on one PostgreSQL: a copy started on one runs there only (claimed once), the other
 * sees it live through the database and can cancel it; the cancel reaches the runner and undoes it.
 * A replica killed outright mid-copy: the other fails its task and undoes what it had recorded.
 */
describe('tasks with two replicas on PostgreSQL', () => {
  let pg: Postgres;
  const replicas: Hangar[] = [];
  let a: Api;
  let b: Api;
  let daemons: Record<'alpha' | 'gamma', DaemonView> | undefined;
  const source = uniqueName('taskpg');

  beforeAll(async () => {
    pg = await startPostgres();
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: crypto.randomBytes(24).toString('hex') };
    replicas.push(await startHangar({ env }));
    a = await Api.login(replicas[0].url);
    daemons = await registerLab(a, ['alpha', 'gamma']);
    replicas.push(await startHangar({ env }));
    b = new Api(replicas[1].url, a.token);
    cli('alpha', ['launch', 'busybox', source]);
    // Enough data that the copy still runs when the other replica's cancel reaches its runner (at
    // its next heartbeat, up to 3 s): 300 MB copied in under that on an idle machine.
    cli('alpha', ['exec', source, '--', 'sh', '-c', 'dd if=/dev/urandom of=/root/big bs=1M count=900 2>/dev/null']);
  });
  afterAll(async () => {
    forceDelete('alpha', source);
    forceDelete('gamma', source);
    // Through the second replica: the last test kills the first.
    if (daemons) for (const d of Object.values(daemons)) await b.request('DELETE', `/api/v1/daemons/${d.id}`);
    for (const r of replicas) await r.stop();
    pg?.stop();
  }, 300_000);

  it('a copy started on one replica is listed once by both, cancelled from the other, and undone', async () => {
    const { task } = await a.json<{ task: TaskView }>('POST', `/api/v1/daemons/${daemons!.alpha.id}/instances/${source}/copy`, { to: { daemon: daemons!.gamma.id } }, [202]);
    const seen = await b.json<TaskView>('GET', `/api/v1/tasks/${task.id}`);
    expect(seen).toMatchObject({ id: task.id, kind: 'instance.copy', state: 'running' });
    for (const api of [a, b]) {
      expect((await api.json<TaskView[]>('GET', '/api/v1/tasks')).filter((t) => t.id === task.id)).toHaveLength(1);
    }

    const asked = await b.json<TaskView>('DELETE', `/api/v1/tasks/${task.id}`);
    expect(asked.progress.stage).toBe('cancelling');
    const ended = await settleTask(a, task.id, 120_000);
    expect(ended.state).toBe('cancelled');
    expect((await b.json<TaskView>('GET', `/api/v1/tasks/${task.id}`)).state).toBe('cancelled');
    // Run once, undone once: no copy on the target, the source as it was, no second task.
    expect(JSON.parse(cli('gamma', ['list', '--format=json', `^${source}$`]))).toEqual([]);
    expect((JSON.parse(cli('alpha', ['list', '--format=json', `^${source}$`])) as { status: string }[]).map((i) => i.status)).toEqual(['Running']);
    const copies = (await b.json<TaskView[]>('GET', '/api/v1/tasks')).filter((t) => t.source?.instance === source);
    expect(copies.map((t) => t.id)).toEqual([task.id]);
  });

  it('a replica killed outright mid-move: the other fails its task with the reason, removes the partial copy, restarts the source', async () => {
    forceDelete('gamma', source); // left there only if the test before failed
    const { task } = await a.json<{ task: TaskView }>(
      'POST',
      `/api/v1/daemons/${daemons!.alpha.id}/instances/${source}/copy`,
      { to: { daemon: daemons!.gamma.id }, move: true, stop: true },
      [202],
    );
    await whenStreaming(a, task.id);
    const streaming = await b.json<TaskView>('GET', `/api/v1/tasks/${task.id}`);
    expect(streaming.state).toBe('running');
    // The move stopped the source and the source made a backup for the relay: both must be undone.
    expect(cli('alpha', ['list', '--format=csv', '-c', 's', `^${source}$`]).trim()).toBe('STOPPED');
    expect(JSON.parse(cli('alpha', ['query', `/1.0/instances/${source}/backups`])) as string[]).toHaveLength(1);
    process.kill(replicas[0].pid, 'SIGKILL');

    // The orphan sweep needs the heartbeat 15 s stale and runs every 10 s; the task ends once the undo ran.
    const ended = await settleTask(b, task.id, 120_000);
    expect(ended.state).toBe('failed');
    expect(ended.error).toMatch(/Hangar stopped \(restarted or crashed\) while this task ran; another Hangar undid what it had done/);
    expect(JSON.parse(cli('gamma', ['list', '--format=json', `^${source}$`]))).toEqual([]);
    expect(cli('alpha', ['list', '--format=csv', '-c', 's', `^${source}$`]).trim()).toBe('RUNNING');
    expect(JSON.parse(cli('alpha', ['query', `/1.0/instances/${source}/backups`]))).toEqual([]);
  });
});
