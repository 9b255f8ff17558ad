'use client';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment, useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { useRoleReason } from '@/lib/api/me';
import { copyProfile, deleteProfile, profileUsers, useDaemonProfiles, type ProfileRef } from '@/lib/api/profiles';
import { errorMessage } from '@/lib/format';
import type { LxdProfile } from '@/lib/lxd-types';
import { lxdKeys, profileKeys } from '@/lib/query-keys';
import { ActionDialog } from '@/components/ui/action-dialog';
import { instanceHref } from '@/lib/routes';
import { Alert } from '../ui/alert';
import { CreateButton } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';
import { EmptyState } from '../ui/empty-state';
import { TextField } from '../ui/field';
import { ProjectSelect } from '../infra/project-select';
import { LayersIcon, MoreIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { PageHeader } from '../ui/page-header';
import { DataTable } from '../ui/data-table';
import { ProfileEditor } from './profile-editor';
import { Loading } from '../ui/query-state';
import { DaemonSelect } from '../daemons/daemon-select';

interface Row {
  daemon: DaemonView;
  profile: LxdProfile;
}

type Dialog =
  | { kind: 'edit'; ref: ProfileRef & { create?: boolean } }
  | { kind: 'copy' | 'delete'; row: Row };

/** `/profiles`: the profiles of every daemon with their users, editing (form or YAML), copy and delete. */
export function ProfilesPage() {
  const queryClient = useQueryClient();
  const daemons = useDaemons();
  const [daemonFilter, setDaemonFilter] = useState('');
  const [project, setProject] = useState('default');
  const [open, setOpen] = useState<string | null>(null);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const listed = (daemons.data ?? []).filter((d) => !daemonFilter || d.id === daemonFilter);
  const results = useDaemonProfiles(listed, project);
  const adminReason = useRoleReason('manageProfiles', 'change profiles');

  const rows: Row[] = listed.flatMap((daemon, i) => (results[i]?.data ?? []).map((profile) => ({ daemon, profile })));
  const loading = daemons.isPending || results.some((r) => r.isPending && r.fetchStatus !== 'idle');
  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: lxdKeys.all }), queryClient.invalidateQueries({ queryKey: profileKeys.all })]);
  const close = () => setDialog(null);
  const ref = (row: Row): ProfileRef => ({ daemonId: row.daemon.id, project, name: row.profile.name });
  const firstOnline = listed.find((d) => d.status === 'online');

  return (
    <>
      <PageHeader
        title="Profiles"
        subtitle="Config and devices shared by instances, per daemon"
        actions={
          <CreateButton
            disabledReason={adminReason ?? (firstOnline ? null : 'No daemon is online')}
            onClick={() => firstOnline && setDialog({ kind: 'edit', ref: { daemonId: firstOnline.id, project, name: '', create: true } })}
          >
            Create profile
          </CreateButton>
        }
      />
      <div className="space-y-3">
        <div className="flex flex-wrap items-end gap-2">
          <DaemonSelect daemons={daemons.data} value={daemonFilter} onChange={setDaemonFilter} all="All daemons" className="w-48" />
          <ProjectSelect daemonId={daemonFilter || undefined} value={project} onChange={setProject} className="w-40" />
        </div>
        {listed.map((daemon, i) =>
          daemon.status !== 'online' ? (
            <Alert key={daemon.id} kind="warning">
              Daemon {daemon.name} is {daemon.status}; its profiles are not listed.
            </Alert>
          ) : results[i]?.error ? (
            <Alert key={daemon.id} kind="error" title={`Profiles of ${daemon.name} could not be loaded`}>
              {errorMessage(results[i].error)}
            </Alert>
          ) : null,
        )}
        <Card className="overflow-x-auto">
          {loading && rows.length === 0 ? (
            <Loading what="profiles" />
          ) : rows.length === 0 ? (
            <EmptyState icon={<LayersIcon size={18} />} title="No profiles" />
          ) : (
            <DataTable columns={['Daemon', 'Name', 'Description', 'Used by', 'Config / devices', { label: 'Actions', className: 'w-8', srOnly: true }]} aria-label="Profiles">
              {rows.map((row) => {
                const id = `${row.daemon.id}/${row.profile.name}`;
                const users = profileUsers(row.profile.used_by);
                return (
                  <Fragment key={id}>
                    <tr data-profile={row.profile.name} data-daemon={row.daemon.name}>
                      <td className="px-4 py-1.5">{row.daemon.name}</td>
                      <td className="px-3 py-1.5">
                        <button
                          type="button"
                          className="font-medium text-zinc-900 hover:text-indigo-600 hover:underline dark:text-zinc-100"
                          onClick={() => setDialog({ kind: 'edit', ref: ref(row) })}
                        >
                          {row.profile.name}
                        </button>
                      </td>
                      <td className="px-3 py-1.5 text-zinc-600 dark:text-zinc-400">{row.profile.description || '—'}</td>
                      <td className="px-3 py-1.5">
                        <button
                          type="button"
                          aria-expanded={open === id}
                          disabled={users.length === 0}
                          onClick={() => setOpen(open === id ? null : id)}
                          className={cx('rounded px-1', users.length ? 'text-indigo-600 hover:underline dark:text-indigo-400' : 'text-zinc-500')}
                        >
                          {users.length} instance{users.length === 1 ? '' : 's'}
                        </button>
                      </td>
                      <td className="px-3 py-1.5 text-zinc-500">
                        {Object.keys(row.profile.config ?? {}).length} keys · {Object.keys(row.profile.devices ?? {}).length} devices
                      </td>
                      <td className="px-3 py-1.5 text-right">
                        <Menu
                          label={`Actions for profile ${row.profile.name} on ${row.daemon.name}`}
                          trigger={<MoreIcon />}
                          entries={[
                            { label: adminReason ? 'View…' : 'Edit…', onSelect: () => setDialog({ kind: 'edit', ref: ref(row) }) },
                            { label: 'Copy to daemon…', onSelect: () => setDialog({ kind: 'copy', row }), disabledReason: adminReason },
                            'separator',
                            { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', row }), disabledReason: adminReason },
                          ]}
                        />
                      </td>
                    </tr>
                    {open === id && (
                      <tr className="bg-zinc-50 dark:bg-zinc-900/40">
                        <td colSpan={6} className="px-6 py-2">
                          <ul aria-label={`Instances using ${row.profile.name}`} className="flex flex-wrap gap-x-4 gap-y-1">
                            {users.map((u) => (
                              <li key={`${u.project}/${u.name}/${u.snapshot ?? ''}`}>
                                <Link className="text-indigo-600 hover:underline dark:text-indigo-400" href={instanceHref({ daemonId: row.daemon.id, project: u.project, name: u.name })}>
                                  {u.name}
                                  {u.snapshot ? `/${u.snapshot}` : ''}
                                </Link>
                                {u.project !== 'default' && <span className="text-zinc-500"> ({u.project})</span>}
                              </li>
                            ))}
                          </ul>
                        </td>
                      </tr>
                    )}
                  </Fragment>
                );
              })}
            </DataTable>
          )}
        </Card>
      </div>

      {dialog?.kind === 'edit' && (
        <ProfileEditor profile={dialog.ref} daemons={daemons.data} readOnly={Boolean(adminReason)} onSaved={refresh} onClose={close} />
      )}
      {dialog?.kind === 'copy' && daemons.data && <CopyProfileDialog from={ref(dialog.row)} fromName={dialog.row.daemon.name} daemons={daemons.data} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'delete' && (
        <ActionDialog
          title={`Delete profile ${dialog.row.profile.name} on ${dialog.row.daemon.name}?`}
          description={
            profileUsers(dialog.row.profile.used_by).length
              ? 'Instances still use it: the daemon will refuse until they no longer do.'
              : 'No instance uses it.'
          }
          confirmLabel="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await deleteProfile(ref(dialog.row));
            await refresh();
          }}
        />
      )}
    </>
  );
}

function CopyProfileDialog({
  from,
  fromName,
  daemons,
  onDone,
  onClose,
}: {
  from: ProfileRef;
  fromName: string;
  daemons: DaemonView[];
  onDone: () => Promise<unknown>;
  onClose: () => void;
}) {
  const targets = daemons.filter((d) => d.status === 'online' && d.id !== from.daemonId);
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const [project, setProject] = useState(from.project);
  const [name, setName] = useState(from.name);
  return (
    <ActionDialog
      title={`Copy profile ${from.name} from ${fromName}`}
      description="Its config and devices are created on the other daemon; pools and networks it names must exist there."
      confirmLabel="Copy"
      missing={!to ? 'No other daemon is online' : !name.trim() ? 'Enter a name' : null}
      onClose={onClose}
      onConfirm={() => copyProfile(from, { daemonId: to, project: project.trim() || 'default', name: name.trim() })}
      onDone={onDone}
    >
      <DaemonSelect daemons={targets} value={to} onChange={setTo} label="To daemon" />
      <div className="grid grid-cols-2 gap-3">
        <ProjectSelect daemonId={to || undefined} value={project} onChange={setProject} />
        <TextField label="Name there" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />
      </div>
    </ActionDialog>
  );
}
