'use client';
import { Command } from 'cmdk';
import { useRouter } from 'next/navigation';
import { useEffect, useMemo, useRef, useState } from 'react';
import { signOut } from '@/lib/api/auth';
import { useDaemons } from '@/lib/api/daemons';
import { useFleet } from '@/lib/api/instances';
import { can, type Role } from '@/lib/roles';
import { HELP_TOPICS } from '../help/help-titles';
import { helpHref } from '../help/help-topics';
import { instanceHref } from '@/lib/routes';
import { Dialog } from '../ui/dialog';
import { SECTIONS } from './sidebar';
import { applyTheme } from './theme';

/** At most this many instances are listed: a fleet of thousands is searched, never rendered whole. */
const MAX_INSTANCES = 30;

interface Entry {
  id: string;
  group: 'Pages' | 'Instances' | 'Daemons' | 'Actions' | 'Help';
  label: string;
  hint?: string;
  run(): void;
}

/** Every word of the query in the text (any order, any case); earlier and whole-prefix matches rank first. */
function score(text: string, words: string[]): number | null {
  const haystack = text.toLowerCase();
  let total = 0;
  for (const word of words) {
    const at = haystack.indexOf(word);
    if (at < 0) return null;
    total += at === 0 ? 0 : at;
  }
  return total;
}

function search(entries: Entry[], query: string, limit = Infinity): Entry[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return entries.slice(0, limit);
  return entries
    .map((entry) => ({ entry, rank: score(`${entry.label} ${entry.hint ?? ''}`, words) }))
    .filter((r): r is { entry: Entry; rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank)
    .slice(0, limit)
    .map((r) => r.entry);
}

/**
 * Ctrl+K (or /): jump to any instance, daemon, page or help section, or run an action (theme,
 * shortcuts, log out). Loaded on demand, the first time it opens.
 */
export default function CommandPalette({ role, onClose, onShortcuts }: { role: Role; onClose(): void; onShortcuts(): void }) {
  const router = useRouter();
  const fleet = useFleet();
  const daemons = useDaemons();
  const [query, setQuery] = useState('');
  const input = useRef<HTMLInputElement>(null);
  // After the dialog has opened (its showModal focuses its first button): the keys go to the search.
  useEffect(() => {
    const timer = setTimeout(() => input.current?.focus(), 0);
    return () => clearTimeout(timer);
  }, []);

  const go = (href: string) => () => {
    onClose();
    router.push(href);
  };

  const fixed = useMemo<Entry[]>(() => {
    const pages = SECTIONS.flatMap((s) => s.items)
      .filter((item) => !item.capability || can(role, item.capability))
      .map((item): Entry => ({ id: `page:${item.href}`, group: 'Pages', label: item.label, hint: item.href, run: go(item.href) }));
    const actions: Entry[] = [
      ...(['system', 'light', 'dark'] as const).map(
        (theme): Entry => ({ id: `theme:${theme}`, group: 'Actions', label: `Theme: ${theme}`, run: () => (applyTheme(theme), onClose()) }),
      ),
      { id: 'shortcuts', group: 'Actions', label: 'Keyboard shortcuts', hint: '?', run: () => (onClose(), onShortcuts()) },
      { id: 'logout', group: 'Actions', label: 'Log out', run: () => (onClose(), void signOut('/login')) },
    ];
    const help = HELP_TOPICS.map((t): Entry => ({ id: `help:${t.id}`, group: 'Help', label: `Help: ${t.title}`, run: go(helpHref(t.id)) }));
    return [...pages, ...actions, ...help];
    // go and the callbacks only close over stable things (router, the shell's setters).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [role]);

  const instances = useMemo<Entry[]>(
    () =>
      (fleet.data?.instances ?? []).map((i) => ({
        id: `instance:${i.daemon.id}/${i.project}/${i.name}`,
        group: 'Instances',
        label: i.name,
        hint: `${i.daemon.name}${i.project === 'default' ? '' : ` · ${i.project}`} · ${i.status}`,
        run: go(instanceHref({ daemonId: i.daemon.id, project: i.project, name: i.name })),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [fleet.data],
  );
  const daemonEntries = useMemo<Entry[]>(
    () =>
      (daemons.data ?? []).map((d) => ({
        id: `daemon:${d.id}`,
        group: 'Daemons',
        label: d.name,
        hint: 'daemon · its instances',
        run: go(`/instances?daemon=${encodeURIComponent(d.name)}`),
      })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [daemons.data],
  );

  const shown = [
    ...search(instances, query, query ? MAX_INSTANCES : 8),
    ...search(daemonEntries, query),
    ...search(fixed, query),
  ];
  const groups = (['Instances', 'Daemons', 'Pages', 'Actions', 'Help'] as const)
    .map((group) => ({ group, entries: shown.filter((e) => e.group === group) }))
    .filter((g) => g.entries.length > 0);

  return (
    <Dialog title="Go to…" onClose={onClose} size="md">
      <Command label="Command palette" shouldFilter={false} loop className="flex flex-col">
        <div className="border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
          <Command.Input
            ref={input}
            value={query}
            onValueChange={setQuery}
            placeholder="An instance, daemon, page or action…"
            className="h-9 w-full bg-transparent text-sm outline-none placeholder:text-zinc-400"
          />
        </div>
        <Command.List className="max-h-[min(60vh,28rem)] overflow-y-auto p-2 text-[13px]">
          <Command.Empty className="px-3 py-6 text-center text-zinc-500">
            {fleet.isPending ? 'Loading the fleet…' : 'Nothing matches.'}
          </Command.Empty>
          {groups.map(({ group, entries }) => (
            <Command.Group
              key={group}
              heading={group}
              className="[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-[11px] [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-zinc-400 [&_[cmdk-group-heading]]:uppercase"
            >
              {entries.map((entry) => (
                <Command.Item
                  key={entry.id}
                  value={entry.id}
                  onSelect={entry.run}
                  className="flex cursor-pointer items-center gap-3 rounded-md px-2 py-1.5 data-[selected=true]:bg-indigo-50 data-[selected=true]:text-indigo-900 dark:data-[selected=true]:bg-indigo-500/15 dark:data-[selected=true]:text-indigo-100"
                >
                  <span className="truncate font-medium">{entry.label}</span>
                  {entry.hint && <span className="ml-auto truncate text-xs text-zinc-500 dark:text-zinc-400">{entry.hint}</span>}
                </Command.Item>
              ))}
            </Command.Group>
          ))}
        </Command.List>
      </Command>
    </Dialog>
  );
}
