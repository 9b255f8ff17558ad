'use client';
import { useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { renameDaemon } from '@/lib/api/daemons';
import { daemonKeys, instanceKeys } from '@/lib/query-keys';
import { ActionDialog } from '../ui/action-dialog';
import { TextField } from '../ui/field';

// The fleet list carries daemon names too.
const RENAMED = [daemonKeys.all, instanceKeys.lists()];

export function RenameDaemonDialog({ daemon, onClose }: { daemon: DaemonView; onClose: () => void }) {
  const [name, setName] = useState(daemon.name);
  return (
    <ActionDialog
      title={`Rename daemon ${daemon.name}`}
      description="Only Hangar's name for it changes."
      size="sm"
      confirmLabel="Rename"
      missing={!name.trim() || name.trim() === daemon.name ? 'Enter a new name' : null}
      invalidates={RENAMED}
      onConfirm={() => renameDaemon(daemon.id, name.trim())}
      onClose={onClose}
    >
      <TextField label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required spellCheck={false} />
    </ActionDialog>
  );
}
