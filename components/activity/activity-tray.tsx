'use client';
import { focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { AlertIcon, CheckIcon, XIcon } from '../ui/icons';
import { Spinner } from '../ui/spinner';
import { useActivities, useActivityActions, type Activity } from './activity';

const MAX_VISIBLE = 6;

/** Bottom-right list of running and recently finished actions; failures stay until dismissed. */
export function ActivityTray() {
  const activities = useActivities();
  const { dismiss } = useActivityActions();
  const visible = activities.slice(-MAX_VISIBLE);
  return (
    <section
      aria-label="Activity"
      className="pointer-events-none fixed right-4 bottom-4 z-40 flex w-[22rem] max-w-[calc(100vw-2rem)] flex-col gap-2"
    >
      <div aria-live="polite" className="flex flex-col gap-2">
        {visible.map((activity) => (
          <ActivityToast key={activity.id} activity={activity} onDismiss={() => dismiss(activity.id)} />
        ))}
      </div>
    </section>
  );
}

function ActivityToast({ activity, onDismiss }: { activity: Activity; onDismiss: () => void }) {
  const { status } = activity;
  return (
    <div
      role={status === 'failed' ? 'alert' : 'status'}
      data-status={status}
      className={cx(
        'pointer-events-auto flex items-start gap-2.5 rounded-lg border bg-white px-3 py-2.5 text-[13px] shadow-lg dark:bg-zinc-900',
        status === 'failed' ? 'border-red-200 dark:border-red-500/40' : 'border-zinc-200 dark:border-zinc-700',
      )}
    >
      <span className="mt-0.5">
        {status === 'running' && <Spinner className="text-indigo-500" />}
        {status === 'done' && <CheckIcon className="text-emerald-500" />}
        {status === 'failed' && <AlertIcon className="text-red-500" />}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-medium text-zinc-900 dark:text-zinc-100">
          {activity.label}
          <span className="sr-only">: {status === 'running' ? 'in progress' : status === 'done' ? 'done' : 'failed'}</span>
        </p>
        {status === 'running' && (
          <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{activity.progress ?? activity.pending ?? 'Working…'}</p>
        )}
        {status === 'failed' && <p className="mt-0.5 text-xs break-words text-red-700 dark:text-red-300">{activity.error}</p>}
      </div>
      {status !== 'running' && (
        <button
          type="button"
          onClick={onDismiss}
          aria-label={`Dismiss “${activity.label}”`}
          className={cx('-mr-1 rounded p-0.5 text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200', focusRing)}
        >
          <XIcon size={14} />
        </button>
      )}
    </div>
  );
}
