import type { UndoRecord } from '../tasks/store';

/**
 * The undo steps copy tasks record (`ctx.recordUndo`), as data any replica can run: the actions
 * themselves are defined in ./undo.ts. Each names its daemon by id, never a client.
 */
interface DaemonEnd {
  row: { id: string };
}

/** Removes the instance (stopping it first) if it exists: the partial copy. */
export const removeInstance = (end: DaemonEnd & { project: string; name: string }): UndoRecord => ({
  action: 'instance.remove',
  args: { daemon: end.row.id, project: end.project, name: end.name },
});

/** Starts the instance again if it is stopped: the source a copy stopped. */
export const restartInstance = (end: DaemonEnd & { project: string; name: string }): UndoRecord => ({
  action: 'instance.start',
  args: { daemon: end.row.id, project: end.project, name: end.name },
});

/** Removes the custom volume (and its snapshots) if it exists. */
export const removeVolume = (end: DaemonEnd & { pool: string; project: string; name: string; member?: string }): UndoRecord => ({
  action: 'volume.remove',
  args: { daemon: end.row.id, pool: end.pool, project: end.project, name: end.name, ...(end.member ? { member: end.member } : {}) },
});

/** DELETE of one path on a daemon (a backup made for a relay); gone already is fine. */
export const deleteOnDaemon = (end: DaemonEnd, path: string): UndoRecord => ({ action: 'daemon.delete', args: { daemon: end.row.id, path } });
