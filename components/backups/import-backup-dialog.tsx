'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import type { UploadProgress } from '@/lib/api/images';
import { importBackup } from '@/lib/api/snapshots';
import { instanceKeys } from '@/lib/query-keys';
import { ActionDialog } from '@/components/ui/action-dialog';
import { FileField } from '../images/import-image-dialog';
import { UploadProgressBar } from '../images/upload-progress';
import { TextField } from '../ui/field';
import { DaemonSelect } from '../daemons/daemon-select';
import { ProjectSelect } from '../infra/project-select';

/** Creates an instance from a backup file, uploaded through Hangar to the chosen daemon. */
export function ImportBackupDialog({ daemons, onClose }: { daemons: DaemonView[]; onClose: () => void }) {
  const queryClient = useQueryClient();
  const online = daemons.filter((d) => d.status === 'online');
  const [daemonId, setDaemonId] = useState(online[0]?.id ?? '');
  const [project, setProject] = useState('default');
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const daemon = online.find((d) => d.id === daemonId);
  return (
    <ActionDialog
      title="Create an instance from a backup"
      description="Upload a backup file (from Hangar or lxc export); the daemon restores it as a new, stopped instance."
      confirmLabel="Import"
      missing={!daemon ? 'Choose a daemon' : !file ? 'Choose a backup file' : null}
      onClose={onClose}
      onConfirm={async () => {
        setProgress({ loaded: 0, total: 0, stage: 'uploading' });
        try {
          await importBackup(daemon!, project, file!, name.trim(), setProgress);
        } finally {
          setProgress(null);
        }
        await queryClient.invalidateQueries({ queryKey: instanceKeys.lists() });
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        <DaemonSelect daemons={online} value={daemonId} onChange={setDaemonId} />
        <ProjectSelect daemonId={daemonId || undefined} value={project} onChange={setProject} />
      </div>
      <FileField label="Backup file" hint="A .tar.gz made by a backup export" onFile={setFile} />
      <TextField label="Instance name" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} hint="Optional; empty keeps the name stored in the backup." />
      <UploadProgressBar progress={progress} />
    </ActionDialog>
  );
}
