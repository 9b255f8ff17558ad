'use client';
import dynamic from 'next/dynamic';
import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useDaemons } from '@/lib/api/daemons';
import { useFleet } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { errorMessage } from '@/lib/format';
import { can } from '@/lib/roles';
import { usePendingByTarget } from '../activity/activity';
import { Alert } from '../ui/alert';
import { Button, CreateButton } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { BoxIcon, SearchIcon } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { toHandle } from './handles';
import { FleetToolbar } from './fleet-toolbar';
import { instanceTarget, nextSort, summarize, viewRows, type FleetFirstPage, type SortKey } from './fleet-view';
import { InstanceDialogsProvider } from './instance-dialogs';
import { useFleetParams } from './use-fleet-params';

// The table and its virtualizer are not in the page's first JavaScript: the server renders the
// first rows, and the table's code hydrates them when it arrives (the first load stays small).
const FleetTable = dynamic(() => import('./fleet-table').then((m) => m.FleetTable), { loading: () => <LoadingRows /> });
// Shown only once something is selected; its actions and dialogs load then.
const BulkBar = dynamic(() => import('./bulk-bar').then((m) => m.BulkBar), { ssr: false });
const CreateInstanceDialog = dynamic(() => import('./create-instance-dialog').then((m) => m.CreateInstanceDialog), { ssr: false });

/** `firstPage`: the view's first rows from the server, shown until the whole list has arrived. */
export function FleetPage({ firstPage }: { firstPage?: FleetFirstPage }) {
  const { data: me } = useMe();
  const placeholder = useMemo(() => firstPage && { instances: firstPage.instances, errors: firstPage.errors }, [firstPage]);
  const fleet = useFleet(placeholder);
  const first = fleet.isPlaceholderData ? firstPage : undefined;
  const daemons = useDaemons();
  const [view, setView] = useFleetParams();
  const scrollRef = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [creating, setCreating] = useState(false);
  const pending = usePendingByTarget();

  const instances = fleet.data?.instances;
  const deferredView = useDeferredValue(view);
  // A live change of a few rows swaps them into the last answer when their order cannot change.
  const [rowsOf] = useState(viewRows);
  const rows = useMemo(() => rowsOf(instances ?? [], deferredView), [rowsOf, instances, deferredView]);

  // Another search, filter or sort shows its first rows, not the place the last one was scrolled to.
  const viewKey = Object.values(deferredView).join('\n');
  useEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [viewKey]);

  const summary = useMemo(() => first?.summary ?? summarize(instances ?? []), [first, instances]);
  const daemonNames = useMemo(
    () => [...new Set([...(daemons.data ?? []).map((d) => d.name), ...summary.daemons])].sort(),
    [daemons.data, summary],
  );
  const { projects, locations, running } = summary;

  // The selection only keeps instances that still exist.
  const selection = useMemo(
    () => (selected.size === 0 ? [] : (instances ?? []).filter((i) => selected.has(instanceTarget(i))).map(toHandle)),
    [instances, selected],
  );

  const toggle = useCallback((target: string) => {
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(target)) next.add(target);
      return next;
    });
  }, []);
  const toggleAll = useCallback(
    (select: boolean) => setSelected(select ? new Set(rows.map(instanceTarget)) : new Set()),
    [rows],
  );
  const sortBy = useCallback((key: SortKey) => setView({ sort: nextSort(view.sort, key) }, 'replace'), [setView, view.sort]);

  const createReason = can(me?.role, 'manageInstances') ? null : 'Only admins can create instances';
  const defaultDaemonId = daemons.data?.find((d) => d.name === view.daemon || d.id === view.daemon)?.id;
  const total = summary.total;
  const filtered = Boolean(view.q || view.daemon || view.project || view.status || view.location);

  return (
    <InstanceDialogsProvider>
      <PageHeader
        title="Instances"
        subtitle={
          fleet.data
            ? `${total} instances · ${running} running · across ${daemonNames.length} daemon${daemonNames.length === 1 ? '' : 's'}`
            : 'Every container and VM across your daemons'
        }
        actions={
          <>
            <CreateButton
              disabledReason={createReason ?? (daemons.data ? null : 'Loading daemons…')}
              onClick={() => setCreating(true)}
            >
              Create instance
            </CreateButton>
          </>
        }
      />

      <div className="space-y-3">
        {fleet.data?.errors.map((e) => (
          <Alert key={e.daemon} kind="warning" title={`Daemon ${e.daemon} is unreachable; its instances are not listed`}>
            {e.daemon}: {e.message}
          </Alert>
        ))}
        {fleet.error && (
          <Alert
            kind="error"
            title="The instance list could not be loaded"
            action={
              <Button size="sm" onClick={() => void fleet.refetch()}>
                Retry
              </Button>
            }
          >
            {errorMessage(fleet.error)}
          </Alert>
        )}

        <FleetToolbar view={view} onChange={setView} daemons={daemonNames} projects={projects} locations={locations} shown={first ? first.matching : rows.length} total={fleet.data ? total : null} />
        {selection.length > 0 && <BulkBar selection={selection} onClear={() => setSelected(new Set())} />}

        <Card className="overflow-hidden">
          {fleet.isPending ? (
            <LoadingRows />
          ) : total === 0 && !fleet.error ? (
            <EmptyState
              icon={<BoxIcon size={18} />}
              title="No instances yet"
              action={
                !createReason && (
                  <CreateButton onClick={() => setCreating(true)}>
                    Create one
                  </CreateButton>
                )
              }
            >
              {createReason ? 'An admin can create the first one.' : 'No instances yet — create one from an image on any of your daemons.'}
            </EmptyState>
          ) : rows.length === 0 && filtered ? (
            <EmptyState icon={<SearchIcon size={18} />} title="No instances match these filters">
              <Button variant="ghost" onClick={() => setView({ q: '', daemon: '', project: '', status: '' })}>
                Clear filters
              </Button>
            </EmptyState>
          ) : (
            <div ref={scrollRef} className="max-h-[calc(100vh-15rem)] overflow-auto" data-testid="fleet-scroll">
              <FleetTable
                rows={rows}
                scrollRef={scrollRef}
                sort={view.sort}
                onSort={sortBy}
                selected={selected}
                onToggle={toggle}
                onToggleAll={toggleAll}
                pending={pending}
              />
            </div>
          )}
        </Card>
      </div>

      {creating && daemons.data && (
        <CreateInstanceDialog daemons={daemons.data} defaultDaemonId={defaultDaemonId} onClose={() => setCreating(false)} />
      )}
    </InstanceDialogsProvider>
  );
}

function LoadingRows() {
  return (
    <div className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-busy="true" aria-label="Loading instances">
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex items-center gap-6 px-4 py-2.5">
          <div className="h-3 w-32 animate-pulse rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-3 w-16 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/70" />
          <div className="h-3 w-20 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/70" />
          <div className="h-3 flex-1 animate-pulse rounded bg-zinc-100 dark:bg-zinc-800/70" />
        </div>
      ))}
    </div>
  );
}
