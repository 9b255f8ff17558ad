import crypto from 'node:crypto';
import type { TaskProgress, TaskView } from '@/lib/api-types';
import type { Db } from '../db/database';
import { ApiError, conflict, notFound } from '../http/errors';
import { TaskStore, type NewTask, type UndoRecord } from './store';

/** What a task's work gets: its cancel signal, a way to report progress, and undo steps. */
export interface TaskContext {
  readonly id: string;
  readonly signal: AbortSignal;
  progress(progress: TaskProgress): void;
  /** Registers a step that undoes what was just done; on failure or cancel they run newest first. */
  onUndo(step: () => Promise<unknown>): void;
  /**
   * Registers an undo step by name (see `TaskRunner.defineUndo`) and records it in the database
   * before answering, so that if this Hangar dies outright the replica that finds the task orphaned
   * runs it. Call it before the step it undoes.
   */
  recordUndo(record: UndoRecord): Promise<void>;
  /** Forgets the undo steps so far: what was done stays whatever happens next. */
  commit(): Promise<void>;
  /** Sets the facts the finished task reports (merged). */
  setResult(result: Record<string, unknown>): void;
}

export type TaskWork = (ctx: TaskContext) => Promise<void>;

export type { UndoRecord };
export type UndoAction = (args: Record<string, unknown>) => Promise<unknown>;
export type TaskListener = (task: TaskView) => void;

const HEARTBEAT_MS = 3000;
/** A running task whose runner has not renewed it for this long is failed by whoever notices. */
const ORPHAN_AFTER_MS = 15_000;
const SWEEP_MS = 10_000;
const WRITE_EVERY_MS = 1000;
const EMIT_EVERY_MS = 400;
/** How long a stopping Hangar gives its running tasks to stop and undo before handing them over. */
export const SHUTDOWN_GRACE_MS = 8000;
/** The stage of a task whose Hangar stopped before its undo ended: the next sweep of any replica adopts it at once. */
const HANDED_OVER = 'handed over';

class Cancelled extends Error {
  constructor(readonly why: string) {
    super(why);
  }
}

interface Running {
  view: TaskView;
  controller: AbortController;
  lastWrite: number;
  lastEmit: number;
  done: Promise<void>;
  /** The undo steps recorded in the database and not yet carried out, oldest first. */
  records: UndoRecord[];
}

/** An undo step; `record` when it is also in the database for another replica to run. */
interface UndoStep {
  run: () => Promise<unknown>;
  record?: UndoRecord;
}

/**
 * Runs Hangar's long work as tasks recorded in the database. A task is inserted queued and then
 * claimed with one conditional UPDATE, so with several replicas on PostgreSQL exactly one runs it.
 * The runner renews its tasks' heartbeat; a task whose runner died is failed by the next sweep of
 * any replica, with the reason, instead of staying `running` forever. Cancels asked of another
 * replica travel through the database and are picked up on the next heartbeat.
 */
export class TaskRunner {
  readonly store: TaskStore;
  /** This process, as the `runner` of the tasks it claims. */
  readonly id = crypto.randomUUID();
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<TaskListener>();
  private readonly undoActions = new Map<string, UndoAction>();
  /** Tasks of a dead runner this one is undoing: their heartbeat is renewed with its own. */
  private readonly adopted = new Set<string>();
  private heartbeat: NodeJS.Timeout | undefined;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(db: Db) {
    this.store = new TaskStore(db);
  }

  /** Starts the heartbeat and the sweep for orphaned tasks (the custom server calls this at boot). */
  start(): this {
    if (this.heartbeat) return this;
    void this.sweep();
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS).unref();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS).unref();
    return this;
  }

  /** Names an undo action that tasks record with `ctx.recordUndo`; every replica defines the same ones at boot. */
  defineUndo(action: string, run: UndoAction): this {
    this.undoActions.set(action, run);
    return this;
  }

  /** Task events for the live stream; answers the unsubscribe. */
  subscribe(listener: TaskListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Records a task, claims it and runs `work` in the background; answers the task as it starts. */
  async run(task: Omit<NewTask, 'id'>, work: TaskWork): Promise<TaskView> {
    const id = crypto.randomUUID();
    await this.store.insert({ ...task, id });
    if (!(await this.store.claim(id, this.id))) throw conflict('the task was taken by another runner', 'task_claimed');
    const view = (await this.store.get(id))!;
    const controller = new AbortController();
    const entry: Running = { view, controller, lastWrite: 0, lastEmit: 0, done: Promise.resolve(), records: [] };
    this.running.set(id, entry);
    this.emit(view);
    entry.done = this.execute(entry, work);
    return { ...view };
  }

  async get(id: string): Promise<TaskView> {
    const local = this.running.get(id);
    if (local) return { ...local.view };
    const task = await this.store.get(id);
    if (!task) throw notFound(`no task "${id}"`);
    return task;
  }

  /** Cancels a running task here, or asks its replica to through the database. */
  async cancel(id: string): Promise<TaskView> {
    const task = await this.get(id);
    if (task.state !== 'running' && task.state !== 'queued') {
      throw conflict(`the task has already ended (${task.state})`, 'task_not_running');
    }
    const local = this.running.get(id);
    if (local) {
      local.controller.abort(new Cancelled('cancelled'));
      await local.done;
      return this.get(id);
    }
    await this.store.requestCancel(id);
    return { ...task, progress: { ...task.progress, stage: 'cancelling' } };
  }

  /**
   * On shutdown: every local task is stopped and undone within `graceMs`, then failed with the
   * reason. A task whose undo has not ended by then is handed over, never dropped: it stays
   * `running` with the undo steps it has left in the database and a heartbeat made stale, so the next
   * sweep of any replica (this one's next start included) adopts it at once and finishes the undo.
   * The heartbeat goes on meanwhile, so that no other replica adopts a task still being undone here.
   */
  async shutdown(reason = 'Hangar was stopped while this task ran', graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    clearInterval(this.sweeper);
    const all = [...this.running.values()];
    for (const entry of all) entry.controller.abort(new Error(reason));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(all.map((e) => e.done)), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
    clearInterval(this.heartbeat);
    for (const entry of this.running.values()) {
      const handedOver = entry.records.length > 0 && (await this.store.handOver(entry.view.id, HANDED_OVER));
      if (!handedOver) await this.store.finish(entry.view.id, 'failed', { error: reason, stage: 'interrupted' });
    }
  }

  private async execute(entry: Running, work: TaskWork): Promise<void> {
    const undo: UndoStep[] = [];
    const records = entry.records;
    const result: Record<string, unknown> = {};
    const { view, controller } = entry;
    const ctx: TaskContext = {
      id: view.id,
      signal: controller.signal,
      progress: (progress) => this.progress(entry, progress),
      onUndo: (run) => undo.push({ run }),
      recordUndo: async (record) => {
        const run = this.undoAction(record);
        records.push(record);
        undo.push({ run, record });
        await this.store.setUndo(view.id, records);
      },
      commit: async () => {
        undo.length = 0;
        records.length = 0;
        await this.store.setUndo(view.id, records);
      },
      setResult: (r) => Object.assign(result, r),
    };
    try {
      await work(ctx);
      controller.signal.throwIfAborted();
      await this.end(entry, 'done', { stage: 'done', result });
    } catch (error) {
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      const cancelled = reason instanceof Cancelled;
      const message = cancelled ? 'cancelled' : messageOf(reason);
      this.progress(entry, { stage: cancelled ? 'cancelling' : 'undoing' }, true);
      const undoErrors = await runUndo(undo, async (done) => {
        // What is undone leaves the database too: a replica that takes the task over runs only the rest.
        records.splice(records.indexOf(done), 1);
        await this.store.setUndo(view.id, records);
      });
      const error2 = undoErrors.length ? `${message}; undoing it failed too: ${undoErrors.join('; ')}` : message;
      await this.end(entry, cancelled ? 'cancelled' : 'failed', {
        stage: cancelled ? 'cancelled' : 'failed',
        result,
        ...(cancelled && !undoErrors.length ? {} : { error: error2 }),
      });
    }
  }

  private async end(entry: Running, state: 'done' | 'failed' | 'cancelled', outcome: { stage: string; error?: string; result: Record<string, unknown> }) {
    const result = Object.keys(outcome.result).length ? outcome.result : undefined;
    const { bytesPerSecond: _rate, ...progress } = { ...entry.view.progress, stage: outcome.stage };
    try {
      await this.store.finish(entry.view.id, state, { ...outcome, result, progress });
    } catch (error) {
      console.error('[hangar] tasks: could not record the end of a task:', error);
    }
    this.running.delete(entry.view.id);
    entry.view = {
      ...entry.view,
      state,
      progress,
      endedAt: new Date().toISOString(),
      ...(outcome.error ? { error: outcome.error } : {}),
      ...(result ? { result } : {}),
    };
    this.emit(entry.view);
  }

  private progress(entry: Running, next: TaskProgress, force = false): void {
    // The bytes moved so far stay known through later stages.
    const bytes = next.bytes ?? entry.view.progress.bytes;
    const progress = { ...next, ...(bytes !== undefined ? { bytes } : {}) };
    // A new stage is always written and sent: only the figures within a stage are thinned out.
    force ||= next.stage !== entry.view.progress.stage;
    entry.view = { ...entry.view, progress };
    const now = Date.now();
    if (force || now - entry.lastWrite >= WRITE_EVERY_MS) {
      entry.lastWrite = now;
      void this.store.progress(entry.view.id, progress).catch(() => undefined);
    }
    if (force || now - entry.lastEmit >= EMIT_EVERY_MS) {
      entry.lastEmit = now;
      this.emit(entry.view);
    }
  }

  private emit(view: TaskView): void {
    for (const listener of this.listeners) {
      try {
        listener(view);
      } catch (error) {
        console.error('[hangar] tasks: a listener failed:', error);
      }
    }
  }

  private async beat(): Promise<void> {
    try {
      const cancels = await this.store.heartbeat(this.id, [...this.running.keys(), ...this.adopted]);
      for (const id of cancels) this.running.get(id)?.controller.abort(new Cancelled('cancelled'));
    } catch (error) {
      console.error('[hangar] tasks: heartbeat failed:', messageOf(error));
    }
  }

  private undoAction(record: UndoRecord): () => Promise<unknown> {
    const run = this.undoActions.get(record.action);
    if (!run) throw new Error(`no undo action "${record.action}" is defined`);
    return () => run(record.args);
  }

  /**
   * Adopts the tasks whose runner died (each by one replica: a conditional UPDATE), runs the undo
   * steps they recorded (newest first) while renewing their heartbeat, then fails them with the
   * reason and what became of the undo; until then they show as running, stage `undoing`.
   */
  private async sweep(): Promise<void> {
    try {
      const orphans = await this.store.adoptOrphans(Date.now() - ORPHAN_AFTER_MS, this.id, 'undoing');
      for (const { id, undo, stage } of orphans) {
        this.adopted.add(id);
        try {
          const adopted = await this.store.get(id);
          if (adopted) this.emit(adopted);
          const errors = await runUndo(undo.map((record) => ({ run: () => this.undoAction(record)() })));
          const why = stage === HANDED_OVER ? HANDED_OVER_REASON : ORPHAN_REASON;
          const error = !undo.length
            ? `${why}; what it had done may need a look`
            : errors.length
              ? `${why}; undoing what it had done failed: ${errors.join('; ')}`
              : `${why}; another Hangar undid what it had done`;
          await this.store.finish(id, 'failed', { error, stage: 'interrupted' });
        } finally {
          this.adopted.delete(id);
        }
        const task = await this.store.get(id);
        if (task) this.emit(task);
      }
    } catch (error) {
      console.error('[hangar] tasks: sweep failed:', messageOf(error));
    }
  }
}

const ORPHAN_REASON = 'Hangar stopped (restarted or crashed) while this task ran';
const HANDED_OVER_REASON = 'Hangar was stopped while this task ran and handed its undo over';

/** Runs undo steps newest first, each whatever the others did; `undone` hears of each recorded one that succeeded. Answers what failed. */
async function runUndo(steps: UndoStep[], undone?: (record: UndoRecord) => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  for (const step of [...steps].reverse()) {
    try {
      await step.run();
    } catch (e) {
      errors.push(messageOf(e));
      continue;
    }
    if (step.record && undone) await undone(step.record).catch(() => undefined);
  }
  return errors;
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
