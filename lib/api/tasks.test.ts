import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import type { TaskView } from '../api-types';
import { taskKeys } from '../query-keys';
import { applyTaskUpdate, preferEnded } from './tasks';

const task = (id: string, state: TaskView['state']): TaskView => ({
  id,
  kind: 'member.evacuate',
  state,
  progress: { stage: state },
  user: 'admin',
  startedAt: '2026-12-08T00:00:00Z',
});

describe('tasks from the stream and from a fetched list', () => {
  it('a list fetched before a task ended does not show it running again once the stream said it ended', () => {
    const client = new QueryClient();
    client.setQueryData(taskKeys.list(), [task('a', 'running')]);
    applyTaskUpdate(client, task('a', 'done'));
    expect(client.getQueryData<TaskView[]>(taskKeys.list())![0].state).toBe('done');
    // The stale answer of a request sent before the end arrives afterwards:
    expect(preferEnded([task('a', 'running'), task('b', 'running')]).map((t) => t.state)).toEqual(['done', 'running']);
  });

  it('keeps a running task running while the stream has only seen it run', () => {
    applyTaskUpdate(new QueryClient(), task('c', 'running'));
    expect(preferEnded([task('c', 'queued')])[0].state).toBe('queued');
  });
});
