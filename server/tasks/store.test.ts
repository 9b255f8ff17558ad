import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { TaskStore } from './store';

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

async function store(): Promise<TaskStore> {
  db = await openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-store-')) });
  return new TaskStore(db);
}

describe('TaskStore', () => {
  it('lets exactly one runner claim a queued task', async () => {
    const tasks = await store();
    await tasks.insert({ id: 't1', kind: 'instance.copy', user: 'admin' });
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((runner) => tasks.claim('t1', runner)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await tasks.get('t1'))?.state).toBe('running');
  });

  it('adopts running tasks whose heartbeat is stale, once, with the undo steps they recorded; fresh ones are left alone', async () => {
    const tasks = await store();
    await tasks.insert({ id: 'old', kind: 'instance.copy', user: 'admin' }, 1000);
    await tasks.claim('old', 'dead', 1000);
    const undo = [{ action: 'instance.remove', args: { daemon: 'd', project: 'default', name: 'c' } }];
    await tasks.setUndo('old', undo);
    await tasks.insert({ id: 'new', kind: 'instance.copy', user: 'admin' });
    await tasks.claim('new', 'alive');
    const adopted = await Promise.all(['a', 'b'].map((runner) => tasks.adoptOrphans(Date.now() - 15_000, runner, 'undoing')));
    expect(adopted.flat()).toEqual([{ id: 'old', undo, stage: 'starting' }]);
    expect(await tasks.get('old')).toMatchObject({ state: 'running', progress: { stage: 'undoing' } });
    // Adopted means renewed: the next sweep leaves it to its new runner.
    expect(await tasks.adoptOrphans(Date.now() - 15_000, 'c', 'undoing')).toEqual([]);
    expect((await tasks.get('new'))?.state).toBe('running');
    expect(await tasks.finish('old', 'failed', { stage: 'interrupted', error: 'gone' })).toBe(true);
    expect(await tasks.get('old')).toMatchObject({ state: 'failed', error: 'gone' });
    // A finished task cannot be finished again (another replica got there first).
    expect(await tasks.finish('old', 'done', { stage: 'done' })).toBe(false);
  });

  it('lists by state and by user, newest first', async () => {
    const tasks = await store();
    await tasks.insert({ id: 'a', kind: 'k', user: 'ann' }, 1);
    await tasks.insert({ id: 'b', kind: 'k', user: 'bob' }, 2);
    await tasks.claim('b', 'r');
    expect((await tasks.list({})).map((t) => t.id)).toEqual(['b', 'a']);
    expect((await tasks.list({ user: 'ann' })).map((t) => t.id)).toEqual(['a']);
    expect((await tasks.list({ state: 'running' })).map((t) => t.id)).toEqual(['b', 'a']);
    await tasks.finish('a', 'cancelled', { stage: 'cancelled' });
    expect((await tasks.list({ state: 'cancelled' })).map((t) => t.id)).toEqual(['a']);
  });
});
