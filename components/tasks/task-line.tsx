'use client';
import type { TaskState, TaskView } from '@/lib/api-types';
import { isActive, taskProgressText } from '@/lib/api/tasks';
import { Badge, type Tone } from '../ui/badge';

const TONES: Record<TaskState, Tone> = { queued: 'grey', running: 'blue', done: 'green', failed: 'red', cancelled: 'amber' };

export function TaskStateBadge({ task }: { task: TaskView }) {
  return <Badge tone={TONES[task.state]}>{task.state}</Badge>;
}

/** A task's stage and a bar while it runs; its error when it failed. */
export function TaskProgressLine({ task }: { task: TaskView }) {
  const percent = task.progress.percent;
  return (
    <div className="min-w-0 text-xs" data-testid="task-progress">
      <p className="truncate text-zinc-600 dark:text-zinc-300">{taskProgressText(task)}</p>
      {isActive(task) && (
        <div
          className="mt-1 h-1.5 w-full overflow-hidden rounded bg-zinc-200 dark:bg-zinc-700"
          role="progressbar"
          aria-label="Task progress"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          <div className={percent === undefined ? 'h-full w-1/3 animate-pulse bg-blue-500' : 'h-full bg-blue-500'} style={percent === undefined ? undefined : { width: `${percent}%` }} />
        </div>
      )}
      {task.error && <p className="mt-0.5 text-red-600 dark:text-red-400">{task.error}</p>}
    </div>
  );
}

export const TASK_KIND_LABEL: Record<string, string> = {
  'instance.copy': 'Copy',
  'instance.move': 'Move',
  'image.copy': 'Image copy',
  'member.evacuate': 'Evacuate member',
  'member.restore': 'Restore member',
  'volume.copy': 'Copy volume',
};
