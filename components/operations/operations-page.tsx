'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FleetOperation } from '@/lib/api-types';
import { useFleetOperations } from '@/lib/api/operations';
import { useMe } from '@/lib/api/me';
import { lxdPath, operationProgress } from '@/lib/api/daemon';
import { runLxd } from '@/lib/api/daemon';
import { absoluteTime, errorMessage, relativeTime } from '@/lib/format';
import type { LxdOperation } from '@/lib/lxd-types';
import { operationKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { Checkbox } from '../ui/field';
import { RefreshIcon } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { Spinner } from '../ui/spinner';
import { DataTable } from '../ui/data-table';
import { operationPhase } from './operation-phase';

const POLL_MS = 2000;

/** "instances c1, c2 · images 3937f05c…" from an operation's resources. */
function resourceSummary(resources: FleetOperation['resources']): string {
  return Object.entries(resources ?? {})
    .filter(([kind]) => kind !== 'containers')
    .map(([kind, paths]) => `${kind} ${paths.map((p) => decodeURIComponent(p.split('?')[0].split('/').pop() ?? p).slice(0, 24)).join(', ')}`)
    .join(' · ');
}

/** `/operations`: what every daemon is doing, with progress, and cancel where the daemon allows it. */
export function OperationsPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [all, setAll] = useState(false);
  const [cancelling, setCancelling] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const operations = useFleetOperations(POLL_MS);
  const cancelReason = can(me?.role, 'lifecycle') ? null : `Your role (${me?.role ?? '…'}) cannot cancel operations; an operator can.`;
  const rows = (operations.data?.operations ?? []).filter((op) => all || operationPhase(op).live);

  const cancel = async (op: FleetOperation) => {
    setCancelling(op.id);
    setError(null);
    try {
      await runLxd(op.daemon.id, 'DELETE', lxdPath(['operations', op.id]));
      await queryClient.invalidateQueries({ queryKey: operationKeys.all });
    } catch (e) {
      setError(`${op.description} on ${op.daemon.name}: ${errorMessage(e)}`);
    } finally {
      setCancelling(null);
    }
  };

  return (
    <>
      <PageHeader
        title="Operations"
        subtitle="Running work on every daemon (image downloads, snapshots, backups, exec sessions…)"
        actions={
          <>
            {operations.isFetching && <Spinner label="Refreshing" className="text-zinc-400" />}
            <Checkbox label="Show finished" checked={all} onChange={(e) => setAll(e.target.checked)} />
            <Button size="sm" icon={<RefreshIcon size={13} />} onClick={() => void operations.refetch()}>
              Refresh
            </Button>
          </>
        }
      />
      <div className="space-y-3">
        {operations.data?.errors.map((e) => (
          <Alert key={e.daemon} kind="warning" title={`Daemon ${e.daemon} did not answer`}>
            {e.message}
          </Alert>
        ))}
        {operations.error && <Alert kind="error">{errorMessage(operations.error)}</Alert>}
        {error && <Alert kind="error">{error}</Alert>}
        <Card className="overflow-x-auto">
          {operations.isPending ? (
            <div className="flex items-center gap-2 p-4 text-[13px] text-zinc-500">
              <Spinner /> Loading operations…
            </div>
          ) : rows.length === 0 ? (
            <EmptyState icon={<RefreshIcon size={18} />} title={all ? 'No operations' : 'Nothing is running'}>
              Daemons keep finished operations for a few seconds only.
            </EmptyState>
          ) : (
            <DataTable columns={['Daemon', 'Operation', 'Status', 'Progress', 'On', 'Started', { label: 'Actions', srOnly: true }]} aria-label="Operations">
              {rows.map((op) => {
                const phase = operationPhase(op);
                const running = phase.live;
                return (
                  <tr key={`${op.daemon.id}/${op.id}`} data-operation={op.id}>
                    <td className="px-4 py-1.5">
                      {op.daemon.name}
                      {op.location && op.location !== 'none' && <span className="text-zinc-500"> ({op.location})</span>}
                    </td>
                    <td className="px-3 py-1.5">
                      {op.description}
                      {op.err && <p className="text-xs text-red-600 dark:text-red-400">{op.err}</p>}
                    </td>
                    <td className="px-3 py-1.5">
                      <Badge tone={phase.tone} title={phase.label === op.status ? undefined : `The daemon reports ${op.status}`}>
                        {phase.label}
                      </Badge>
                    </td>
                    <td className="px-3 py-1.5 text-xs">{operationProgress({ ...op, class: op.class as LxdOperation['class'] }) ?? '—'}</td>
                    <td className="px-3 py-1.5 text-xs text-zinc-500">{resourceSummary(op.resources) || '—'}</td>
                    <td className="px-3 py-1.5 whitespace-nowrap" title={absoluteTime(op.created_at)}>
                      {relativeTime(op.created_at)}
                    </td>
                    <td className="px-3 py-1.5 text-right">
                      {running && (
                        <Button
                          size="sm"
                          variant="ghost"
                          busy={cancelling === op.id}
                          disabledReason={cancelReason ?? (op.may_cancel ? null : 'The daemon cannot cancel this operation')}
                          onClick={() => void cancel(op)}
                        >
                          Cancel
                        </Button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
          )}
        </Card>
      </div>
    </>
  );
}
