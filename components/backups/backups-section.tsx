'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { InstanceRef } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { backupDownloadUrl, backupFileName, createBackup, deleteBackup, useBackups, type LxdBackup } from '@/lib/api/snapshots';
import { errorMessage } from '@/lib/format';
import { snapshotKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Alert } from '../ui/alert';
import { Button, buttonClasses } from '../ui/button';
import { DataTable, TimeCell } from '../ui/data-table';
import { Checkbox, TextField } from '../ui/field';
import { PlusIcon } from '../ui/icons';
import { Loading } from '../ui/query-state';

/** The instance's backups: create (admin), download as a file streamed through Hangar (operator), delete (admin). */
export function BackupsSection({ instanceRef: ref }: { instanceRef: InstanceRef }) {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const key = snapshotKeys.backups(ref.daemonId, ref.project, ref.name);
  const backups = useBackups(ref, can(me?.role, 'readSecrets'));
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'delete'; backup: LxdBackup } | null>(null);
  const adminReason = can(me?.role, 'manageInstances') ? null : 'Only admins can create and delete backups.';
  const refresh = () => queryClient.invalidateQueries({ queryKey: key });

  return (
    <section aria-labelledby="backups-title">
      <div className="mb-2 flex items-center justify-between gap-2">
        <div>
          <h2 id="backups-title" className="text-sm font-semibold">
            Backups
          </h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">A backup is a file with the whole instance; import it on any daemon from the Snapshots page.</p>
        </div>
        <Button size="sm" icon={<PlusIcon size={13} />} disabledReason={adminReason} onClick={() => setDialog({ kind: 'create' })}>
          Create backup
        </Button>
      </div>
      {!can(me?.role, 'readSecrets') ? (
        <Alert kind="info">A backup holds everything in the instance, secrets included: only operators and admins may see and download them.</Alert>
      ) : backups.error ? (
        <Alert kind="error">{errorMessage(backups.error)}</Alert>
      ) : backups.isPending ? (
        <Loading what="backups" className="" />
      ) : backups.data.length === 0 ? (
        <p className="text-[13px] text-zinc-500">No backups.</p>
      ) : (
        <DataTable aria-label="Backups" columns={['Name', 'Created', 'Expires', 'Contents', { label: 'Actions', srOnly: true }]}>
            {backups.data.map((b) => (
              <tr key={b.name} data-backup={b.name}>
                <td className="px-4 py-2.5 font-medium">{b.name}</td>
                <TimeCell at={b.created_at} />
                <TimeCell at={b.expires_at} />
                <td className="px-3 py-2.5">{b.instance_only ? 'instance only' : 'instance and snapshots'}</td>
                <td className="flex justify-end gap-1.5 px-3 py-2.5">
                  <a className={buttonClasses('secondary', 'sm')} href={backupDownloadUrl(ref, b.name)} download={backupFileName(ref, b.name)}>
                    Download
                  </a>
                  <Button size="sm" variant="ghost" disabledReason={adminReason} onClick={() => setDialog({ kind: 'delete', backup: b })}>
                    Delete
                  </Button>
                </td>
              </tr>
            ))}
        </DataTable>
      )}
      {dialog?.kind === 'create' && <CreateBackupDialog instanceRef={ref} onDone={refresh} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <ActionDialog
          title={`Delete backup ${dialog.backup.name}?`}
          confirmLabel="Delete"
          danger
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await deleteBackup(ref, dialog.backup.name);
            await refresh();
          }}
        />
      )}
    </section>
  );
}

function CreateBackupDialog({ instanceRef: ref, onDone, onClose }: { instanceRef: InstanceRef; onDone: () => Promise<unknown>; onClose: () => void }) {
  const [name, setName] = useState('');
  const [instanceOnly, setInstanceOnly] = useState(false);
  return (
    <ActionDialog
      title={`Back up ${ref.name}`}
      description="The daemon writes a tarball of the instance; download it when it is ready."
      confirmLabel="Create backup"
      onClose={onClose}
      onConfirm={() => createBackup(ref, { name: name.trim(), instanceOnly })}
      onDone={onDone}
    >
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus hint="Leave empty to let the daemon name it." />
      <Checkbox label="Instance only" hint="Leave the snapshots out." checked={instanceOnly} onChange={(e) => setInstanceOnly(e.target.checked)} />
    </ActionDialog>
  );
}
