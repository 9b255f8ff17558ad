'use client';
import Link from 'next/link';
import { useMemo } from 'react';
import { absoluteTime, errorMessage, relativeTime } from '@/lib/format';
import type { LiveEvent } from '@/lib/live';
import { instanceHref } from '@/lib/routes';
import { Badge, type Tone } from '../ui/badge';
import { focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';
import { useNow } from '../ui/use-now';

const SHOWN = 12;

/** What just happened on the daemons: lifecycle events and operations, newest first, live. */
export function RecentActivity({ events, error, className }: { events: LiveEvent[] | undefined; error: unknown; className?: string }) {
  const now = useNow(15_000);
  const { lifecycle, operations } = useMemo(() => split(events ?? []), [events]);
  return (
    <div className={cx('grid gap-4 lg:grid-cols-2', className)}>
      <Panel title="Recent events" id="recent-events">
        {error && !events ? (
          <Empty>{errorMessage(error)}</Empty>
        ) : lifecycle.length === 0 ? (
          <Empty>Nothing has happened since Hangar started. Changes made anywhere (UI, CLI, API) appear here.</Empty>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="recent-events">
            {lifecycle.map((e, i) => (
              <li key={`${e.timestamp}-${i}`} className="flex items-center gap-3 px-4 py-2 text-[13px]">
                <div className="min-w-0 flex-1">
                  <p className="truncate">
                    <span className="font-medium">{humanAction(e.action)}</span>{' '}
                    <Subject event={e} />
                  </p>
                  <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
                    {e.daemonName} · {e.project}
                    {e.location && e.location !== 'none' ? ` · ${e.location}` : ''}
                    {e.requestor?.username ? ` · by ${e.requestor.username}` : ''}
                    {e.resync ? ' · found after reconnecting' : ''}
                  </p>
                </div>
                <When iso={e.timestamp} now={now} />
              </li>
            ))}
          </ul>
        )}
      </Panel>
      <Panel title="Operations" id="recent-operations">
        {operations.length === 0 ? (
          <Empty>No operations since Hangar started.</Empty>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" data-testid="recent-operations">
            {operations.map((e) => {
              const op = e.operation!;
              return (
                <li key={op.id} className="flex items-center gap-3 px-4 py-2 text-[13px]">
                  <div className="min-w-0 flex-1">
                    <p className="truncate">
                      <span className="font-medium">{op.description}</span> <Subject event={e} />
                    </p>
                    <p className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={op.err || undefined}>
                      {op.err ? <span className="text-red-700 dark:text-red-300">{op.err}</span> : `${e.daemonName} · ${e.project}`}
                    </p>
                  </div>
                  <Badge tone={operationTone(op.status_code)}>{op.status}</Badge>
                  <When iso={op.updated_at || e.timestamp} now={now} />
                </li>
              );
            })}
          </ul>
        )}
      </Panel>
    </div>
  );
}

/** Newest first: the lifecycle events, and each operation once, as it was last reported. */
function split(events: LiveEvent[]): { lifecycle: LiveEvent[]; operations: LiveEvent[] } {
  const lifecycle: LiveEvent[] = [];
  const operations = new Map<string, LiveEvent>();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i];
    if (e.type === 'lifecycle') {
      if (lifecycle.length < SHOWN) lifecycle.push(e);
    } else if (e.operation && !operations.has(e.operation.id) && operations.size < SHOWN) {
      operations.set(e.operation.id, e);
    }
  }
  return { lifecycle, operations: [...operations.values()] };
}

/** "instance-snapshot-created" → "Snapshot created"; "project-deleted" → "Project deleted". */
function humanAction(action: string): string {
  const words = action.replace(/^instance-/, '').replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function operationTone(code: number): Tone {
  if (code >= 400) return code === 401 ? 'grey' : 'red'; // 401: cancelled
  if (code >= 200) return 'green';
  return 'amber';
}

function Subject({ event }: { event: LiveEvent }) {
  if (!event.instance) return null;
  if (event.action === 'instance-deleted') return <span className="text-zinc-600 dark:text-zinc-300">{event.instance}</span>;
  return (
    <Link
      href={instanceHref({ daemonId: event.daemon, project: event.project, name: event.instance })}
      className={cx('rounded text-indigo-600 hover:underline dark:text-indigo-400', focusRing)}
    >
      {event.instance}
    </Link>
  );
}

function When({ iso, now }: { iso: string; now: number }) {
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className="shrink-0 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
      {relativeTime(iso, now)}
    </time>
  );
}

function Panel({ title, id, children }: { title: string; id: string; children: React.ReactNode }) {
  return (
    <Card>
      <section aria-labelledby={id}>
        <h2 id={id} className="border-b border-zinc-200 px-4 py-2.5 text-sm font-semibold dark:border-zinc-800">
          {title}
        </h2>
        {children}
      </section>
    </Card>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="px-4 py-6 text-center text-[13px] text-zinc-500 dark:text-zinc-400">{children}</p>;
}
