import type { Selectable } from 'kysely';
import type { TaskEndpoint, TaskProgress, TaskState, TaskView } from '@/lib/api-types';
import type { Db } from '../db/database';
import type { TasksTable } from '../db/schema';

type TaskRow = Selectable<TasksTable>;

export interface NewTask {
  id: string;
  kind: string;
  user: string;
  source?: TaskEndpoint;
  target?: TaskEndpoint;
}

/** An undo step any replica can run: a named action (`TaskRunner.defineUndo`) and its JSON arguments. */
export interface UndoRecord {
  action: string;
  args: Record<string, unknown>;
}

const FINAL: TaskState[] = ['done', 'failed', 'cancelled'];

/** The tasks table: every write is one statement, so replicas sharing PostgreSQL agree on it. */
export class TaskStore {
  constructor(private readonly db: Db) {}

  async insert(task: NewTask, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('tasks')
      .values({
        id: task.id,
        kind: task.kind,
        state: 'queued',
        stage: 'queued',
        percent: null,
        bytes: null,
        rate: null,
        username: task.user,
        source: task.source ? JSON.stringify(task.source) : null,
        target: task.target ? JSON.stringify(task.target) : null,
        error: null,
        result: null,
        runner: null,
        heartbeat_at: now,
        started_at: now,
        ended_at: null,
      })
      .execute();
  }

  /** Takes a queued task for `runner`; true for exactly one caller however many replicas try. */
  async claim(id: string, runner: string, now = Date.now()): Promise<boolean> {
    const result = await this.db
      .updateTable('tasks')
      .set({ state: 'running', stage: 'starting', runner, heartbeat_at: now })
      .where('id', '=', id)
      .where('state', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async progress(id: string, progress: TaskProgress): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({
        stage: progress.stage,
        percent: progress.percent ?? null,
        bytes: progress.bytes ?? null,
        rate: progress.bytesPerSecond ?? null,
        heartbeat_at: Date.now(),
      })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
  }

  /** Ends a running task; false when it had already ended (e.g. another replica marked it failed). */
  async finish(
    id: string,
    state: 'done' | 'failed' | 'cancelled',
    outcome: { error?: string; result?: Record<string, unknown>; stage: string; progress?: TaskProgress },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('tasks')
      .set({
        state,
        stage: outcome.stage,
        ...(outcome.progress ? { percent: outcome.progress.percent ?? null, bytes: outcome.progress.bytes ?? null } : {}),
        error: outcome.error ?? null,
        result: outcome.result ? JSON.stringify(outcome.result) : null,
        rate: null,
        undo: null,
        ended_at: Date.now(),
      })
      .where('id', '=', id)
      .where('state', 'in', ['queued', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Renews the heartbeat of this runner's tasks; answers which of them someone asked to cancel. */
  async heartbeat(runner: string, ids: string[], now = Date.now()): Promise<string[]> {
    if (ids.length === 0) return [];
    await this.db.updateTable('tasks').set({ heartbeat_at: now }).where('runner', '=', runner).where('id', 'in', ids).execute();
    const rows = await this.db
      .selectFrom('tasks')
      .select('id')
      .where('id', 'in', ids)
      .where('cancel_requested', '=', 1)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * Leaves a running task, with the undo steps it recorded, for the next sweep of any replica: its
   * heartbeat is made stale so that sweep adopts it at once. False when it had already ended.
   */
  async handOver(id: string, stage: string): Promise<boolean> {
    const result = await this.db
      .updateTable('tasks')
      .set({ stage, rate: null, runner: null, heartbeat_at: 0 })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async requestCancel(id: string): Promise<void> {
    await this.db.updateTable('tasks').set({ cancel_requested: 1 }).where('id', '=', id).execute();
  }

  /** The undo steps a running task has recorded so far (the whole list each time: a handful at most). */
  async setUndo(id: string, undo: readonly UndoRecord[]): Promise<void> {
    await this.db
      .updateTable('tasks')
      .set({ undo: undo.length ? JSON.stringify(undo) : null })
      .where('id', '=', id)
      .where('state', '=', 'running')
      .execute();
  }

  /**
   * Takes over the tasks whose runner stopped renewing them (it died or was restarted): each stays
   * `running` under `runner`, at stage `stage`, until it is undone and finished. One conditional
   * UPDATE per task, so of several replicas sweeping at once exactly one adopts it. Answers the
   * adopted tasks with the undo steps they had recorded.
   */
  async adoptOrphans(staleBefore: number, runner: string, stage: string, now = Date.now()): Promise<{ id: string; undo: UndoRecord[]; stage: string }[]> {
    const stale = await this.db
      .selectFrom('tasks')
      .select(['id', 'undo', 'stage'])
      .where('state', 'in', ['queued', 'running'])
      .where('heartbeat_at', '<', staleBefore)
      .execute();
    const adopted: { id: string; undo: UndoRecord[]; stage: string }[] = [];
    for (const { id, undo, stage: was } of stale) {
      const result = await this.db
        .updateTable('tasks')
        .set({ state: 'running', runner, stage, rate: null, heartbeat_at: now })
        .where('id', '=', id)
        .where('state', 'in', ['queued', 'running'])
        .where('heartbeat_at', '<', staleBefore)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) adopted.push({ id, undo: undo ? (JSON.parse(undo) as UndoRecord[]) : [], stage: was });
    }
    return adopted;
  }

  async get(id: string): Promise<TaskView | null> {
    const row = await this.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toView(row) : null;
  }

  async list(filter: { user?: string; state?: string; limit?: number }): Promise<TaskView[]> {
    let query = this.db.selectFrom('tasks').selectAll();
    if (filter.user) query = query.where('username', '=', filter.user);
    if (filter.state === 'running') query = query.where('state', 'in', ['queued', 'running']);
    else if (filter.state) query = query.where('state', '=', filter.state);
    const rows = await query
      .orderBy('started_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(filter.limit ?? 200, 1), 1000))
      .execute();
    return rows.map(toView);
  }
}

export const isFinal = (state: TaskState) => FINAL.includes(state);

function toView(row: TaskRow): TaskView {
  const progress: TaskProgress = { stage: row.stage };
  if (row.percent !== null) progress.percent = row.percent;
  if (row.bytes !== null) progress.bytes = Number(row.bytes);
  if (row.rate !== null) progress.bytesPerSecond = Number(row.rate);
  return {
    id: row.id,
    kind: row.kind,
    state: row.state as TaskState,
    progress,
    ...(row.source ? { source: JSON.parse(row.source) as TaskEndpoint } : {}),
    ...(row.target ? { target: JSON.parse(row.target) as TaskEndpoint } : {}),
    user: row.username,
    startedAt: new Date(Number(row.started_at)).toISOString(),
    ...(row.ended_at !== null ? { endedAt: new Date(Number(row.ended_at)).toISOString() } : {}),
    ...(row.error ? { error: row.error } : {}),
    ...(row.result ? { result: JSON.parse(row.result) as Record<string, unknown> } : {}),
  };
}
