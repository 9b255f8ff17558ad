'use client';
import { useState } from 'react';
import { ApiRequestError } from '@/lib/api/client';
import { useLogFile, useLogNames } from '@/lib/api/config';
import type { InstanceRef } from '@/lib/api/instances';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { EmptyState } from '../ui/empty-state';
import { ListIcon, RefreshIcon } from '../ui/icons';
import { Loading } from '../ui/query-state';

export interface LogsPanelProps {
  daemonId: string;
  project: string;
  instance: string;
}

/** The Logs tab: the instance's log files as the daemon lists them (lxc.log, lxc.conf, …). */
export default function LogsPanel({ daemonId, project, instance }: LogsPanelProps) {
  const ref: InstanceRef = { daemonId, project, name: instance };
  const names = useLogNames(ref);
  const [chosen, setChosen] = useState<string | null>(null);
  const file = chosen ?? names.data?.find((n) => n === 'lxc.log') ?? names.data?.[0] ?? null;
  const content = useLogFile(ref, file);

  if (names.error) return <Alert kind="error" className="m-4">{errorMessage(names.error)}</Alert>;
  if (names.isPending) {
    return <Loading what="log files" />;
  }
  if (names.data.length === 0) {
    return (
      <EmptyState icon={<ListIcon size={18} />} title="No log files">
        The daemon keeps log files once the instance has been started.
      </EmptyState>
    );
  }
  const forbidden = content.error instanceof ApiRequestError && content.error.status === 403;
  return (
    <div className="p-4">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <div role="tablist" aria-label="Log files" className="flex gap-1">
          {names.data.map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              aria-selected={name === file}
              onClick={() => setChosen(name)}
              className={cx(
                'rounded-md px-2.5 py-1 font-mono text-xs',
                name === file ? 'bg-indigo-50 text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300' : 'text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800',
              )}
            >
              {name}
            </button>
          ))}
        </div>
        <Button size="sm" variant="ghost" className="ml-auto" icon={<RefreshIcon size={13} />} busy={content.isFetching} onClick={() => void content.refetch()}>
          Refresh
        </Button>
      </div>
      {forbidden ? (
        <Alert kind="info">
          {file} may hold secrets (environment values, command output), so only operators and admins may read it. ({errorMessage(content.error)})
        </Alert>
      ) : content.error ? (
        <Alert kind="error">{errorMessage(content.error)}</Alert>
      ) : content.isPending ? (
        <Loading what={file} className="" />
      ) : (
        <pre
          aria-label={`Contents of ${file}`}
          className="max-h-[60vh] overflow-auto rounded-md bg-zinc-950 p-3 font-mono text-xs leading-relaxed text-zinc-100"
        >
          {content.data || '(empty)'}
        </pre>
      )}
    </div>
  );
}
