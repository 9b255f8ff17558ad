'use client';
import { useState } from 'react';
import type { FleetOperation } from '@/lib/api-types';
import { useFleetOperations } from '@/lib/api/operations';
import { useRoleReason } from '@/lib/api/me';
import { lxdPath, operationProgress, runLxd } from '@/lib/api/daemon';
import { absoluteTime, relativeTime } from '@/lib/format';
import { operationKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { Checkbox } from '../ui/field';
import { RefreshIcon } from '../ui/icons';
import { ListTable } from '../ui/list-table';
import { useRowAction } from '../ui/use-action';
import { operationPhase } from './operation-phase';
import { ButtonCell } from '../ui/data-table';
import { ListPage } from '../ui/list-page';

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
  const [all, setAll] = useState(false);
  const cancel = useRowAction({ invalidates: [operationKeys.all] });
  const operations = useFleetOperations(POLL_MS);
  const cancelReason = useRoleReason('lifecycle', 'cancel operations');
  const rows = (operations.data?.operations ?? []).filter((op) => all || operationPhase(op).live);

  return (
    <ListPage
      title="Operations"
      subtitle="Running work on every daemon (image downloads, snapshots, backups, exec sessions…)"
      query={operations}
      actions={
        <>
          <Checkbox label="Show finished" checked={all} onChange={(e) => setAll(e.target.checked)} />
          <Button size="sm" icon={<RefreshIcon size={13} />} onClick={() => void operations.refetch()}>
            Refresh
          </Button>
        </>
      }
      what="operations"
    >
      {cancel.error && <Alert kind="error">{cancel.error}</Alert>}
      <ListTable query={operations} what="operations" count={rows.length} empty={{ icon: <RefreshIcon size={18} />, title: all ? 'No operations' : 'Nothing is running', text: 'Daemons keep finished operations for a few seconds only.' }} columns={['Daemon', 'Operation', 'Status', 'Progress', 'On', 'Started', { label: 'Actions', srOnly: true }]} aria-label="Operations">
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
              <td className="px-3 py-1.5 text-xs">{operationProgress(op) ?? '—'}</td>
              <td className="px-3 py-1.5 text-xs text-zinc-500">{resourceSummary(op.resources) || '—'}</td>
              <td className="px-3 py-1.5 whitespace-nowrap" title={absoluteTime(op.created_at)}>
                {relativeTime(op.created_at)}
              </td>
              <ButtonCell
                show={running}
                variant="ghost"
                busy={cancel.busy === op.id}
                disabledReason={cancelReason ?? (op.may_cancel ? null : 'The daemon cannot cancel this operation')}
                onClick={() => void cancel.run(op.id, () => runLxd(op.daemon.id, 'DELETE', lxdPath(['operations', op.id])), `${op.description} on ${op.daemon.name}`)}
              >
                Cancel
              </ButtonCell>
            </tr>
          );
        })}
      </ListTable>
    </ListPage>
  );
}
