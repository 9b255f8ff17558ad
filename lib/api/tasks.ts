'use client';
/** Hangar's tasks (docs/api.md "Tasks") and the copy/move endpoint that starts them. */
import { useQueries, useQuery, type QueryClient } from '@tanstack/react-query';
import type { TaskView } from '../api-types';
import { instanceKeys, taskKeys } from '../query-keys';
import { formatBytes } from '../units';
import { apiFetch } from './client';
import type { InstanceRef } from './instances';

/**
 * Tasks the live stream has seen end. A list fetched just before a task ended can arrive after
 * the stream said so; without this it would show the task running again until the next poll.
 */
const ended = new Map<string, TaskView>();
const ENDED_KEPT = 500;

/** A fetched list with each task the stream has already seen end shown as it ended. */
export function preferEnded(tasks: TaskView[]): TaskView[] {
  return tasks.map((task) => (isActive(task) && ended.get(task.id)) || task);
}

export function useTasks(options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: taskKeys.list(),
    queryFn: async () => preferEnded(await apiFetch<TaskView[]>('/api/v1/tasks?limit=200')),
    // `event: task` keeps it fresh; a slow poll catches what another replica ran.
    refetchInterval: options.poll ? 15_000 : false,
  });
}

/** Puts a task from the live stream into the list (newest first). */
export function applyTaskUpdate(queryClient: QueryClient, task: TaskView): void {
  if (!isActive(task)) {
    ended.set(task.id, task);
    if (ended.size > ENDED_KEPT) ended.delete(ended.keys().next().value!);
  }
  queryClient.setQueryData<TaskView[]>(taskKeys.list(), (tasks) => {
    if (!tasks) return tasks;
    const at = tasks.findIndex((t) => t.id === task.id);
    if (at === -1) return [task, ...tasks];
    const next = tasks.slice();
    next[at] = task;
    return next;
  });
}

export const isActive = (task: TaskView) => task.state === 'running' || task.state === 'queued';

/** Polls a task until it ends; its view when done, its error thrown when it failed or was cancelled. */
export async function waitForTask(id: string, everyMs = 500): Promise<TaskView> {
  for (;;) {
    const task = await apiFetch<TaskView>(`/api/v1/tasks/${encodeURIComponent(id)}`);
    if (task.state === 'done') return task;
    if (!isActive(task)) throw new Error(task.error || `the task was ${task.state}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function cancelTask(id: string): Promise<TaskView> {
  return apiFetch<TaskView>(`/api/v1/tasks/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export interface VolumeCopyOptions {
  to: { daemon: string; pool: string; project?: string; name?: string; target?: string };
  snapshots?: boolean;
}

/** Copies a custom volume (same daemon, or another) as a task; rejects with what the checks found. */
export async function startVolumeCopy(ref: { daemonId: string; pool: string; project: string; name: string; target?: string }, options: VolumeCopyOptions): Promise<TaskView> {
  const query = new URLSearchParams({ project: ref.project, ...(ref.target ? { target: ref.target } : {}) });
  const url = `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/storage-pools/${encodeURIComponent(ref.pool)}/volumes/${encodeURIComponent(ref.name)}/copy?${query}`;
  return (await apiFetch<{ task: TaskView }>(url, { method: 'POST', json: options })).task;
}

export interface CopyTarget {
  daemon: string;
  project?: string;
  name?: string;
  target?: string;
  pool?: string;
}

export interface CopyOptions {
  to: CopyTarget;
  move?: boolean;
  snapshots?: boolean;
  stop?: boolean;
  start?: boolean;
}

export interface CopyPreflight {
  ok: boolean;
  method: 'copy' | 'move' | 'migration' | 'relay';
  running: boolean;
}

const copyUrl = (ref: InstanceRef, dryRun: boolean) =>
  `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/instances/${encodeURIComponent(ref.name)}/copy?project=${encodeURIComponent(ref.project)}${dryRun ? '&dryRun=1' : ''}`;

/** Runs the server's checks only; rejects with what is wrong (name taken, missing on target…). */
export async function preflightCopy(ref: InstanceRef, options: CopyOptions): Promise<CopyPreflight> {
  return (await apiFetch<{ preflight: CopyPreflight }>(copyUrl(ref, true), { method: 'POST', json: options })).preflight;
}

/** The server's checks for each copy as its options change: never cached, never retried (a refusal is the answer). */
export function useCopyPreflights(copies: { ref: InstanceRef; options: CopyOptions }[], enabled: boolean) {
  return useQueries({
    queries: copies.map(({ ref, options }) => {
      const key = JSON.stringify(options);
      return {
        queryKey: instanceKeys.copyPreflight(ref.daemonId, ref.project, ref.name, key),
        queryFn: () => preflightCopy(ref, JSON.parse(key) as CopyOptions),
        enabled,
        retry: false,
        staleTime: 0,
        gcTime: 0,
      };
    }),
  });
}

export async function startCopy(ref: InstanceRef, options: CopyOptions): Promise<TaskView> {
  return (await apiFetch<{ task: TaskView }>(copyUrl(ref, false), { method: 'POST', json: options })).task;
}

const STAGE_LABEL: Record<string, string> = { queued: 'Queued', starting: 'Starting' };

/** "streaming the backup · 42% · 120 MB · 85 MB/s" */
export function taskProgressText(task: TaskView): string {
  const p = task.progress;
  const parts = [STAGE_LABEL[p.stage] ?? p.stage];
  if (isActive(task) && p.percent !== undefined) parts.push(`${p.percent}%`);
  if (p.bytes) parts.push(formatBytes(p.bytes));
  if (isActive(task) && p.bytesPerSecond) parts.push(`${formatBytes(p.bytesPerSecond)}/s`);
  return parts.join(' · ');
}

/** "alpha/c1" or "alpha (member2) default/c1" for a task's end. */
export function endpointLabel(end: TaskView['source']): string {
  if (!end) return '—';
  const where = `${end.daemonName ?? end.daemon}${end.member ? ` (${end.member})` : ''}`;
  const what = end.volume ? `${end.pool}/${end.volume}` : (end.instance ?? (end.image ? `image ${end.image.slice(0, 12)}` : ''));
  return `${where} ${end.project && end.project !== 'default' ? `${end.project}/` : ''}${what}`.trim();
}
