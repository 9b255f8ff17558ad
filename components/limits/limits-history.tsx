'use client';
import type { LimitChangeRecord, LimitHistoryEntry } from '@/lib/limits';
import { useLimitHistory } from '@/lib/api/limits';
import type { InstanceRef } from '@/lib/api/instances';
import { absoluteTime, errorMessage, relativeTime } from '@/lib/format';
import { Badge } from '../ui/badge';
import { Loading } from '../ui/query-state';

function changeText(changes: LimitChangeRecord | undefined): string {
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0) return 'no change';
  return entries.map(([name, c]) => `${name}: ${c!.before ?? 'unset'} → ${c!.after ?? 'unset'}`).join(', ');
}

function requestedText(requested: Record<string, unknown> | undefined): string {
  return Object.entries(requested ?? {})
    .map(([name, value]) => `${name} = ${value === null ? 'unset' : String(value)}`)
    .join(', ');
}

function Entry({ entry }: { entry: LimitHistoryEntry }) {
  const refused = entry.status >= 400;
  return (
    <li className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5 py-2 text-[13px]">
      <time dateTime={entry.at} title={absoluteTime(entry.at)} className="w-28 shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
        {relativeTime(entry.at)}
      </time>
      <span className="font-medium">{entry.user}</span>
      {entry.via !== 'instance' && <Badge tone="violet">{entry.via === 'preset' ? `preset ${entry.preset}` : 'bulk'}</Badge>}
      {refused ? (
        <>
          <Badge tone="red">refused</Badge>
          <span className="min-w-0 break-words text-zinc-600 dark:text-zinc-300">
            {requestedText(entry.requested)}
            {entry.error && <span className="text-red-700 dark:text-red-300"> — {entry.error}</span>}
          </span>
        </>
      ) : (
        <span className="min-w-0 font-mono text-xs break-words text-zinc-700 dark:text-zinc-300">{changeText(entry.changes)}</span>
      )}
    </li>
  );
}

/** The instance's limit changes, newest first, as the audit log recorded them. */
export function LimitsHistory({ instance }: { instance: InstanceRef }) {
  const history = useLimitHistory(instance);
  if (history.isPending) {
    return <Loading what="history" className="" />;
  }
  if (history.error) return <p className="text-[13px] text-red-600">{errorMessage(history.error)}</p>;
  if (history.data.length === 0) return <p className="text-[13px] text-zinc-500">No limit changes through Hangar yet.</p>;
  return (
    <ol aria-label="Limit changes" className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {history.data.map((entry, i) => (
        <Entry key={`${entry.at}-${i}`} entry={entry} />
      ))}
    </ol>
  );
}
