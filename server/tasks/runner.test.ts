import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { TaskRunner } from './runner';

let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A runner whose undo actions note what they undid, once `hold(what)` lets them. */
async function runner(undone: string[], hold: (what: string) => Promise<void> = async () => undefined): Promise<TaskRunner> {
  db ??= await openDatabase({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'tasks-runner-')) });
  return new TaskRunner(db).defineUndo('note', async (args) => {
    await hold(String(args.what));
    undone.push(String(args.what));
  });
}

/** A task that records two undo steps and then waits until it is stopped. */
async function startWaitingTask(r: TaskRunner): Promise<string> {
  let recorded!: () => void;
  const ready = new Promise<void>((resolve) => (recorded = resolve));
  const task = await r.run({ kind: 'test', user: 'admin' }, async (ctx) => {
    await ctx.recordUndo({ action: 'note', args: { what: 'first' } });
    await ctx.recordUndo({ action: 'note', args: { what: 'second' } });
    recorded();
    await new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
  });
  await ready;
  return task.id;
}

describe('TaskRunner.shutdown', () => {
  it('undoes a running task within the grace and fails it with the reason', async () => {
    const undone: string[] = [];
    const r = await runner(undone);
    const id = await startWaitingTask(r);
    await r.shutdown('stopped for the test', 2000);
    expect(undone).toEqual(['second', 'first']);
    expect(await r.store.get(id)).toMatchObject({ state: 'failed', error: 'stopped for the test' });
  });

  it('hands a task whose undo outlasts the grace over with the steps left, and the next runner finishes it at once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const undoneHere: string[] = [];
    // "second" is undone at once, "first" hangs past the grace.
    const stopping = await runner(undoneHere, (what) => (what === 'first' ? gate : Promise.resolve()));
    const id = await startWaitingTask(stopping);
    await stopping.shutdown('stopped for the test', 200);
    expect(undoneHere).toEqual(['second']);
    expect(await stopping.store.get(id)).toMatchObject({ state: 'running', progress: { stage: 'handed over' } });

    const undoneThere: string[] = [];
    const next = await runner(undoneThere);
    next.start();
    for (let i = 0; i < 50 && (await next.store.get(id))?.state === 'running'; i++) await sleep(100);
    // Only what was left, without waiting for the stale heartbeat of a crash.
    expect(undoneThere).toEqual(['first']);
    expect(await next.store.get(id)).toMatchObject({
      state: 'failed',
      error: 'Hangar was stopped while this task ran and handed its undo over; another Hangar undid what it had done',
    });
    await next.shutdown();
    // The stopping runner's own undo, should its process live on, cannot end the task a second time.
    release();
    await sleep(50);
    expect((await next.store.get(id))?.error).toMatch(/handed its undo over/);
  });
});
