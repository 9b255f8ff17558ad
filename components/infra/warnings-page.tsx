'use client';
import { useMemo } from 'react';
import { useRoleReason } from '@/lib/api/me';
import { setWarningStatus, useFleetWarnings } from '@/lib/api/warnings';
import { warningKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Badge, type Tone } from '../ui/badge';
import { TimeCell, ButtonCell } from '../ui/data-table';
import { SelectField } from '../ui/field';
import { AlertIcon } from '../ui/icons';
import { ListTable } from '../ui/list-table';
import { useRowAction } from '../ui/use-action';
import { InfraToolbar, useFleetFilter } from './infra-bits';
import { ListPage } from '../ui/list-page';

const DEFAULTS = { q: '', daemon: '', status: 'new' };
const SEVERITY: Record<string, Tone> = { high: 'red', moderate: 'amber', low: 'grey' };

/** `/warnings`: every daemon's warnings; admins acknowledge them (or bring them back). */
export function WarningsPage() {
  const warnings = useFleetWarnings();
  const { daemons, view, setView, matches } = useFleetFilter(DEFAULTS);
  const toggle = useRowAction({ invalidates: [warningKeys.all] });
  const adminReason = useRoleReason('manageInfrastructure', 'acknowledge warnings');

  const rows = useMemo(
    () =>
      (warnings.data?.warnings ?? [])
        .filter((w) => (view.status === 'all' || w.status === view.status) && matches(w.daemon.id, [w.type, w.lastMessage, w.daemon.name, w.project, w.location])),
    [warnings.data, view.status, matches],
  );

  return (
    <>
      <ListPage
        title="Warnings"
        subtitle={warnings.data ? `${warnings.data.warnings.filter((w) => w.status === 'new').length} new across the fleet` : 'Warnings of every daemon'}
        query={warnings}
        what="warnings"
      >
        {toggle.error && <Alert kind="error">{toggle.error}</Alert>}
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data} onChange={setView} placeholder="Search warnings…">
          <SelectField label="Status" value={view.status} onChange={(e) => setView({ status: e.target.value })} className="w-40">
            <option value="new">new</option>
            <option value="acknowledged">acknowledged</option>
            <option value="resolved">resolved</option>
            <option value="all">all</option>
          </SelectField>
        </InfraToolbar>
        <ListTable query={warnings} what="warnings" count={rows.length} empty={{ icon: <AlertIcon size={18} />, title: 'No warnings match' }} columns={['Daemon', 'Severity', 'Warning', 'Message', 'Count', 'Where', 'Last seen', 'Status', { label: 'Actions', srOnly: true }]} aria-label="Warnings">
          {rows.map((w) => (
            <tr key={`${w.daemon.id}/${w.uuid}`} data-warning={w.uuid} data-daemon={w.daemon.name}>
              <td className="px-4 py-1.5 whitespace-nowrap">{w.daemon.name}</td>
              <td className="px-3 py-1.5">
                <Badge tone={SEVERITY[w.severity] ?? 'grey'}>{w.severity}</Badge>
              </td>
              <td className="px-3 py-1.5 font-medium">{w.type}</td>
              <td className="px-3 py-1.5">{w.lastMessage}</td>
              <td className="px-3 py-1.5 tabular-nums">{w.count}</td>
              <td className="px-3 py-1.5">{[w.location, w.project].filter(Boolean).join(' · ') || '—'}</td>
              <TimeCell at={w.lastSeenAt} />
              <td className="px-3 py-1.5">{w.status}</td>
              <ButtonCell
                show={w.status !== 'resolved'}
                busy={toggle.busy === w.uuid}
                disabledReason={adminReason}
                onClick={() => void toggle.run(w.uuid, () => setWarningStatus(w.daemon.id, w.uuid, w.status === 'new' ? 'acknowledged' : 'new'))}
              >
                {w.status === 'new' ? 'Acknowledge' : 'Mark new'}
              </ButtonCell>
            </tr>
          ))}
        </ListTable>
      </ListPage>
    </>
  );
}
