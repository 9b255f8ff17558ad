'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { InstanceRef } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import {
  createSnapshot,
  deleteSnapshot,
  useSnapshots,
  instanceFromSnapshot,
  renameSnapshot,
  restoreSnapshot,
  type LxdSnapshot,
} from '@/lib/api/snapshots';
import { absoluteTime, errorMessage } from '@/lib/format';
import { instanceKeys, snapshotKeys } from '@/lib/query-keys';
import { can, roleReason } from '@/lib/roles';
import { BackupsSection } from '../backups/backups-section';
import { ActionDialog } from '@/components/ui/action-dialog';
import { PublishDialog } from '../images/publish-dialog';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { DataTable, TimeCell } from '../ui/data-table';
import { EmptyState } from '../ui/empty-state';
import { Checkbox, TextField } from '../ui/field';
import { CameraIcon, MoreIcon, PlusIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { ScheduleForm } from './schedule-form';
import { Loading } from '../ui/query-state';
import { Section } from '../ui/section';

export interface SnapshotsPanelProps {
  daemonId: string;
  project: string;
  instance: string;
}

type Dialog =
  | { kind: 'create' }
  | { kind: 'restore' | 'rename' | 'delete' | 'clone' | 'publish'; snapshot: LxdSnapshot };

/** The Snapshots tab: the instance's snapshots, the automatic schedule and its backups. */
export default function SnapshotsPanel({ daemonId, project, instance }: SnapshotsPanelProps) {
  const ref: InstanceRef = { daemonId, project, name: instance };
  const queryClient = useQueryClient();
  const snapshots = useSnapshots(ref);
  const [dialog, setDialog] = useState<Dialog | null>(null);

  const { data: me } = useMe();
  const operatorReason = roleReason(me?.role, 'snapshots', 'change snapshots');
  const adminReason = (what: string) => (can(me?.role, 'manageInstances') ? null : `Only admins can ${what}.`);
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: snapshotKeys.all }),
      queryClient.invalidateQueries({ queryKey: instanceKeys.detail(daemonId, project, instance) }),
    ]);
  const close = () => setDialog(null);

  return (
    <div className="space-y-6 p-4">
      <Section
        title="Snapshots"
        actions={
          <Button size="sm" variant="primary" icon={<PlusIcon size={13} />} disabledReason={operatorReason} onClick={() => setDialog({ kind: 'create' })}>
            Create snapshot
          </Button>
        }
      >
        {snapshots.error && <Alert kind="error">{errorMessage(snapshots.error)}</Alert>}
        {snapshots.isPending ? (
          <Loading what="snapshots" className="" />
        ) : snapshots.data?.length === 0 ? (
          <EmptyState icon={<CameraIcon size={18} />} title="No snapshots yet">
            Take one now, or set a schedule below.
          </EmptyState>
        ) : (
          <DataTable aria-label="Snapshots" columns={['Name', 'Taken', 'Expires', 'Stateful', { label: 'Actions', srOnly: true, className: 'w-8' }]}>
              {snapshots.data?.map((s) => (
                <tr key={s.name} data-snapshot={s.name}>
                  <td className="px-4 py-2.5 font-medium">{s.name}</td>
                  <TimeCell at={s.created_at} />
                  <TimeCell at={s.expires_at} />
                  <td className="px-3 py-2.5">{s.stateful ? <Badge tone="blue">stateful</Badge> : 'no'}</td>
                  <td className="px-3 py-2.5 text-right">
                    <Menu
                      label={`Actions for snapshot ${s.name}`}
                      trigger={<MoreIcon />}
                      entries={[
                        { label: 'Restore…', onSelect: () => setDialog({ kind: 'restore', snapshot: s }), disabledReason: operatorReason },
                        { label: 'Rename…', onSelect: () => setDialog({ kind: 'rename', snapshot: s }), disabledReason: operatorReason },
                        { label: 'New instance from snapshot…', onSelect: () => setDialog({ kind: 'clone', snapshot: s }), disabledReason: adminReason('create instances') },
                        { label: 'Publish as image…', onSelect: () => setDialog({ kind: 'publish', snapshot: s }), disabledReason: adminReason('publish images') },
                        'separator',
                        { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', snapshot: s }), disabledReason: operatorReason },
                      ]}
                    />
                  </td>
                </tr>
              ))}
          </DataTable>
        )}
      </Section>

      <ScheduleForm instanceRef={ref} />
      <BackupsSection instanceRef={ref} />

      {dialog?.kind === 'create' && <CreateSnapshotDialog instanceRef={ref} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'restore' && <RestoreDialog instanceRef={ref} snapshot={dialog.snapshot} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'rename' && <RenameDialog instanceRef={ref} snapshot={dialog.snapshot} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'clone' && <CloneDialog instanceRef={ref} snapshot={dialog.snapshot} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'publish' && (
        <PublishDialog daemonId={daemonId} project={project} source={{ type: 'snapshot', name: `${instance}/${dialog.snapshot.name}` }} onClose={close} />
      )}
      {dialog?.kind === 'delete' && (
        <ActionDialog
          title={`Delete snapshot ${dialog.snapshot.name}?`}
          description="The snapshot is removed from the daemon; this cannot be undone."
          confirmLabel="Delete"
          danger
          onClose={close}
          onConfirm={async () => {
            await deleteSnapshot(ref, dialog.snapshot.name);
            await refresh();
          }}
        />
      )}
    </div>
  );
}

type DialogProps = { instanceRef: InstanceRef; onDone: () => Promise<unknown>; onClose: () => void };

/** `datetime-local` input value → ISO time, or undefined when empty. */
export function isoFromLocal(value: string): string | undefined {
  return value ? new Date(value).toISOString() : undefined;
}

function CreateSnapshotDialog({ instanceRef: ref, onDone, onClose }: DialogProps) {
  const [name, setName] = useState('');
  const [expires, setExpires] = useState('');
  const [stateful, setStateful] = useState(false);
  return (
    <ActionDialog
      title={`Snapshot ${ref.name}`}
      confirmLabel="Create snapshot"
      onClose={onClose}
      onConfirm={() => createSnapshot(ref, { name: name.trim(), expiresAt: isoFromLocal(expires), stateful })}
      onDone={onDone}
    >
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus hint="Leave empty to let the daemon name it (snapshots.pattern)." />
      <TextField label="Expires" type="datetime-local" value={expires} onChange={(e) => setExpires(e.target.value)} hint="Optional; empty uses snapshots.expiry or never." />
      <Checkbox
        label="Stateful"
        hint="Also saves the running processes' memory. Needs CRIU on the daemon; if it cannot, it says so."
        checked={stateful}
        onChange={(e) => setStateful(e.target.checked)}
      />
    </ActionDialog>
  );
}

function RestoreDialog({ instanceRef: ref, snapshot, onDone, onClose }: DialogProps & { snapshot: LxdSnapshot }) {
  const [stateful, setStateful] = useState(snapshot.stateful);
  return (
    <ActionDialog
      title={`Restore ${ref.name} to ${snapshot.name}?`}
      description={`Everything changed in ${ref.name} since ${absoluteTime(snapshot.created_at)} is lost.`}
      confirmLabel="Restore"
      danger
      onClose={onClose}
      onConfirm={() => restoreSnapshot(ref, snapshot.name, stateful)}
      onDone={onDone}
    >
      {snapshot.stateful && <Checkbox label="Restore the running state too" checked={stateful} onChange={(e) => setStateful(e.target.checked)} />}
    </ActionDialog>
  );
}

function RenameDialog({ instanceRef: ref, snapshot, onDone, onClose }: DialogProps & { snapshot: LxdSnapshot }) {
  const [name, setName] = useState(snapshot.name);
  const next = name.trim();
  return (
    <ActionDialog
      title={`Rename snapshot ${snapshot.name}`}
      confirmLabel="Rename"
      missing={!next || next === snapshot.name ? 'Enter a new name' : null}
      onClose={onClose}
      onConfirm={() => renameSnapshot(ref, snapshot.name, next)}
      onDone={onDone}
    >
      <TextField label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />
    </ActionDialog>
  );
}

function CloneDialog({ instanceRef: ref, snapshot, onDone, onClose }: DialogProps & { snapshot: LxdSnapshot }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  return (
    <ActionDialog
      title={`New instance from ${ref.name}/${snapshot.name}`}
      description="A copy on the same daemon whose root disk starts as this snapshot. It is created stopped."
      confirmLabel="Create instance"
      missing={name.trim() ? null : 'Enter a name'}
      onClose={onClose}
      onConfirm={async () => {
        await instanceFromSnapshot(ref, snapshot.name, name.trim());
        await queryClient.invalidateQueries({ queryKey: instanceKeys.lists() });
        await onDone();
      }}
    >
      <TextField label="Name of the new instance" value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />
    </ActionDialog>
  );
}
