'use client';
import Link from 'next/link';
import { endpointLabel, isActive, taskProgressText, useTasks } from '@/lib/api/tasks';
import { TasksIcon } from '../ui/icons';

/** The shell's tray: how many tasks run now, each with its stage on hover; a link to the Tasks page. */
export function TaskTray() {
  const tasks = useTasks({ poll: true });
  const active = (tasks.data ?? []).filter(isActive);
  if (active.length === 0) return null;
  const summary = active.map((t) => `${t.kind} ${endpointLabel(t.source)} → ${endpointLabel(t.target)}: ${taskProgressText(t)}`).join('\n');
  return (
    <Link
      href="/tasks"
      title={summary}
      data-testid="task-tray"
      className="flex items-center gap-1.5 rounded-full bg-blue-50 px-2.5 py-1 text-xs font-medium text-blue-800 dark:bg-blue-500/10 dark:text-blue-200"
    >
      <TasksIcon size={13} className="animate-pulse" />
      {active.length === 1 ? taskProgressText(active[0]) : `${active.length} tasks running`}
    </Link>
  );
}
