'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { FleetWarning } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { useMe } from '@/lib/api/me';
import { setWarningStatus, useFleetWarnings } from '@/lib/api/warnings';
import { errorMessage } from '@/lib/format';
import { warningKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Badge, type Tone } from '../ui/badge';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { DataTable, TimeCell } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { SelectField } from '../ui/field';
import { AlertIcon } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { Spinner } from '../ui/spinner';
import { useUrlState } from '../ui/use-url-state';
import { InfraToolbar, ListProblems, Loading } from './infra-bits';

const DEFAULTS = { q: '', daemon: '', status: 'new' };
const SEVERITY: Record<string, Tone> = { high: 'red', moderate: 'amber', low: 'grey' };

/** `/warnings`: every daemon's warnings; admins acknowledge them (or bring them back). */
export function WarningsPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const warnings = useFleetWarnings();
  const daemons = useDaemons();
  const [view, setView] = useUrlState(DEFAULTS);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const admin = can(me?.role, 'manageInfrastructure');
  const needle = view.q.trim().toLowerCase();

  const rows = useMemo(
    () =>
      (warnings.data?.warnings ?? [])
        .filter((w) => !view.daemon || w.daemon.id === view.daemon)
        .filter((w) => view.status === 'all' || w.status === view.status)
        .filter((w) => !needle || [w.type, w.lastMessage, w.daemon.name, w.project, w.location].some((s) => s.toLowerCase().includes(needle))),
    [warnings.data, view.daemon, view.status, needle],
  );

  async function toggle(w: FleetWarning) {
    setBusy(w.uuid);
    setFailure(null);
    try {
      await setWarningStatus(w.daemon.id, w.uuid, w.status === 'new' ? 'acknowledged' : 'new');
      await queryClient.invalidateQueries({ queryKey: warningKeys.all });
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <>
      <PageHeader
        title="Warnings"
        subtitle={warnings.data ? `${warnings.data.warnings.filter((w) => w.status === 'new').length} new across the fleet` : 'Warnings of every daemon'}
        actions={warnings.isFetching && !warnings.isPending && <Spinner label="Refreshing" className="text-zinc-400" />}
      />
      <div className="space-y-3">
        <ListProblems what="warnings" errors={warnings.data?.errors} error={warnings.error} />
        {failure && <Alert kind="error">{failure}</Alert>}
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data} onChange={setView} placeholder="Search warnings…">
          <SelectField label="Status" value={view.status} onChange={(e) => setView({ status: e.target.value })} className="w-40">
            <option value="new">new</option>
            <option value="acknowledged">acknowledged</option>
            <option value="resolved">resolved</option>
            <option value="all">all</option>
          </SelectField>
        </InfraToolbar>
        <Card className="overflow-x-auto">
          {warnings.isPending ? (
            <Loading what="warnings" />
          ) : rows.length === 0 ? (
            <EmptyState icon={<AlertIcon size={18} />} title="No warnings match" />
          ) : (
            <DataTable columns={['Daemon', 'Severity', 'Warning', 'Message', 'Count', 'Where', 'Last seen', 'Status', { label: 'Actions', srOnly: true }]} aria-label="Warnings">
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
                  <td className="px-3 py-1.5 text-right">
                    {w.status !== 'resolved' && (
                      <Button
                        size="sm"
                        busy={busy === w.uuid}
                        disabledReason={admin ? null : `Your role (${me?.role ?? '…'}) cannot acknowledge warnings; an admin can.`}
                        onClick={() => void toggle(w)}
                      >
                        {w.status === 'new' ? 'Acknowledge' : 'Mark new'}
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </Card>
      </div>
    </>
  );
}
