'use client';
import Link from 'next/link';
import { Fragment, type ReactNode } from 'react';
import type { TaskView } from '@/lib/api-types';
import { cancelTask, isActive } from '@/lib/api/tasks';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DialogBody, DialogFooter } from '../ui/dialog';

/**
 * A dialog's body and footer once its work runs as Hangar tasks: each task as `render` shows it
 * (undefined until the list has it), what failed to start, where to follow it, Cancel for those
 * still running, and Close.
 */
export function TaskFollow({
  taskIds,
  tasks,
  render,
  error,
  onClose,
}: {
  taskIds: string[];
  tasks: TaskView[] | undefined;
  render: (task: TaskView | undefined) => ReactNode;
  error?: string | null;
  onClose: () => void;
}) {
  const active = (tasks ?? []).filter((t) => taskIds.includes(t.id) && isActive(t));
  return (
    <>
      <DialogBody>
        {taskIds.map((id) => (
          <Fragment key={id}>{render(tasks?.find((t) => t.id === id))}</Fragment>
        ))}
        {error && (
          <Alert kind="error">
            <span className="whitespace-pre-line">{error}</span>
          </Alert>
        )}
        <p className="text-xs text-zinc-500">
          It runs on the server: you can close this and follow it under <Link href="/tasks" className="underline">Tasks</Link>.
        </p>
      </DialogBody>
      <DialogFooter>
        {active.length > 0 && (
          <Button variant="danger" onClick={() => active.forEach((t) => void cancelTask(t.id).catch(() => undefined))}>
            {active.length > 1 ? `Cancel ${active.length} tasks` : 'Cancel task'}
          </Button>
        )}
        <Button onClick={onClose}>Close</Button>
      </DialogFooter>
    </>
  );
}
