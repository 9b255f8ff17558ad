'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { FleetMember } from '@/lib/api-types';
import { changeMember, memberTasks, useFleetMembers } from '@/lib/api/members';
import { useRoleReason } from '@/lib/api/me';
import { useTasks } from '@/lib/api/tasks';
import { allInstanceKeys, memberKeys } from '@/lib/query-keys';
import { Badge } from '../ui/badge';
import { ServerIcon } from '../ui/icons';
import { MenuCell } from '../ui/menu';
import { ListTable } from '../ui/list-table';
import { TaskProgressLine } from '../tasks/task-line';
import { InfraToolbar, UsageBar, useFleetFilter } from './infra-bits';
import { ListPage } from '../ui/list-page';

const ConfirmDialog = dynamic(() => import('../ui/action-dialog').then((m) => m.ConfirmDialog), { ssr: false });

const DEFAULTS = { q: '', daemon: '' };

const STATUS_TONE: Record<string, 'green' | 'amber' | 'red'> = { Online: 'green', Evacuated: 'amber' };

/** `/cluster`: the members of every clustered daemon, with evacuate and restore for admins. */
export function ClusterPage() {
  const queryClient = useQueryClient();
  const members = useFleetMembers();
  const { daemons, view, setView, matches } = useFleetFilter(DEFAULTS);
  const [confirm, setConfirm] = useState<{ member: FleetMember; action: 'evacuate' | 'restore' } | null>(null);
  const tasks = useTasks();
  const running = useMemo(() => memberTasks(tasks.data), [tasks.data]);
  // When a member's task ends its status and instances have changed: ask again.
  const wasRunning = useRef(0);
  useEffect(() => {
    if (running.size < wasRunning.current) {
      void queryClient.invalidateQueries({ queryKey: memberKeys.all });
      for (const queryKey of allInstanceKeys) void queryClient.invalidateQueries({ queryKey });
    }
    wasRunning.current = running.size;
  }, [running, queryClient]);
  const adminReason = useRoleReason('manageInfrastructure', 'evacuate members');
  const all = useMemo(() => members.data?.members ?? [], [members.data]);

  const rows = useMemo(
    () =>
      all
        .filter((m) => matches(m.daemon.id, [m.name, m.url, m.message, m.daemon.name, ...m.roles]))
        .sort((a, b) => a.daemon.name.localeCompare(b.daemon.name) || a.name.localeCompare(b.name)),
    [all, matches],
  );
  /** Evacuating the last online member would leave its instances nowhere to go (the server refuses too). */
  const busyReason = (m: FleetMember) => (running.has(`${m.daemon.id}/${m.name}`) ? `${m.name} is being ${running.get(`${m.daemon.id}/${m.name}`)!.kind === 'member.evacuate' ? 'evacuated' : 'restored'}` : null);
  const evacuateReason = (m: FleetMember) =>
    adminReason ??
    busyReason(m) ??
    (m.status !== 'Online'
      ? `${m.name} is ${m.status.toLowerCase()}`
      : all.some((o) => o.daemon.id === m.daemon.id && o.name !== m.name && o.status === 'Online')
        ? null
        : `${m.name} is the last online member`);

  return (
    <>
      <ListPage
        title="Cluster members"
        subtitle={members.data ? `${rows.length} members in ${new Set(rows.map((m) => m.daemon.id)).size} clusters` : 'Members of every clustered daemon'}
        query={members}
        what="members"
      >
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data?.filter((d) => d.clustered)} onChange={setView} placeholder="Search members, roles, messages…" />
        <ListTable query={members} what="members" count={rows.length} empty={{ icon: <ServerIcon size={18} />, title: 'No cluster members', text: 'Standalone daemons have no members; register a clustered daemon to see its members here.' }} columns={['Cluster', 'Member', 'Status', 'Roles', 'Message', 'Arch', 'CPU', 'Memory', 'Instances', { label: 'Actions', srOnly: true }]} aria-label="Cluster members">
          {rows.map((m) => (
            <tr key={`${m.daemon.id}/${m.name}`} data-member={m.name} data-daemon={m.daemon.name}>
              <td className="px-4 py-1.5 whitespace-nowrap">{m.daemon.name}</td>
              <td className="px-3 py-1.5 font-medium" title={m.url}>
                {m.name}
              </td>
              <td className="px-3 py-1.5">
                <Badge tone={STATUS_TONE[m.status] ?? 'red'}>{m.status}</Badge>
                {running.has(`${m.daemon.id}/${m.name}`) && (
                  <div className="mt-1 w-48">
                    <TaskProgressLine task={running.get(`${m.daemon.id}/${m.name}`)!} />
                  </div>
                )}
              </td>
              <td className="px-3 py-1.5">
                <div className="flex flex-wrap gap-1">
                  {m.roles.map((r) => (
                    <Badge key={r}>{r}</Badge>
                  ))}
                </div>
              </td>
              <td className="px-3 py-1.5">{m.message}</td>
              <td className="px-3 py-1.5">{m.architecture}</td>
              <td className="px-3 py-1.5 tabular-nums">{m.resources ? `${m.resources.cpuThreads} threads` : '—'}</td>
              <td className="px-3 py-1.5">
                {m.resources ? <UsageBar used={m.resources.memoryUsedBytes} total={m.resources.memoryTotalBytes} /> : '—'}
              </td>
              <td className="px-3 py-1.5 tabular-nums">
                <Link href={`/instances?daemon=${encodeURIComponent(m.daemon.name)}&location=${encodeURIComponent(m.name)}`} className="hover:underline">
                  {m.instances ?? 'list'}
                </Link>
              </td>
              <MenuCell
                  label={`Actions for member ${m.name} of ${m.daemon.name}`}
                  entries={[
                    { label: 'Evacuate…', onSelect: () => setConfirm({ member: m, action: 'evacuate' }), disabledReason: evacuateReason(m) },
                    {
                      label: 'Restore…',
                      onSelect: () => setConfirm({ member: m, action: 'restore' }),
                      disabledReason: adminReason ?? busyReason(m) ?? (m.status === 'Evacuated' ? null : `${m.name} is not evacuated`),
                    },
                  ]}
                />
            </tr>
          ))}
        </ListTable>
      </ListPage>
      {confirm && (
        <ConfirmDialog
          title={`${confirm.action === 'evacuate' ? 'Evacuate' : 'Restore'} ${confirm.member.name}?`}
          confirmLabel={confirm.action === 'evacuate' ? 'Evacuate' : 'Restore'}
          danger={confirm.action === 'evacuate'}
          onConfirm={async () => {
            await changeMember(confirm.member.daemon.id, confirm.member.name, confirm.action);
            await tasks.refetch();
          }}
          onClose={() => setConfirm(null)}
        >
          {confirm.action === 'evacuate'
            ? `Its instances (${confirm.member.instances ?? '?'}) move to the other members of ${confirm.member.daemon.name} (or stop, as their cluster.evacuate setting says), and it takes no new ones until it is restored. It runs as a task: its progress shows here and under Tasks.`
            : `Its instances come back and it takes new ones again. It runs as a task: its progress shows here and under Tasks.`}
        </ConfirmDialog>
      )}
    </>
  );
}
