'use client';
import { useState } from 'react';
import { ActionDialog } from '../ui/action-dialog';
import { Checkbox, TextField } from '../ui/field';
import { useInstanceOperations, type InstanceHandle } from './use-instance-operations';

export function RenameInstanceDialog({
  instance,
  onClose,
  onRenamed,
}: {
  instance: InstanceHandle;
  onClose: () => void;
  onRenamed?: (newName: string) => void;
}) {
  const { rename } = useInstanceOperations();
  const [name, setName] = useState(instance.name);
  const running = instance.status.toLowerCase() !== 'stopped';
  const [restart, setRestart] = useState(running);

  return (
    <ActionDialog
      title={`Rename ${instance.name}`}
      description={`On ${instance.daemonName}, project ${instance.project}`}
      size="sm"
      confirmLabel="Rename"
      missing={!name.trim() || name.trim() === instance.name ? 'Enter a new name' : null}
      onConfirm={async () => {
        await rename(instance, name.trim(), running && restart);
        onRenamed?.(name.trim());
      }}
      onClose={onClose}
    >
      {running && (
        <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-3 dark:border-amber-500/30 dark:bg-amber-500/5">
          <p className="text-[13px] text-amber-900 dark:text-amber-200">
            The daemon only renames stopped instances; this one is {instance.status.toLowerCase()}.
          </p>
          <Checkbox label="Stop, rename, then start again" checked={restart} onChange={(e) => setRestart(e.target.checked)} />
        </div>
      )}
      <TextField label="New name" value={name} autoFocus required onChange={(e) => setName(e.target.value)} spellCheck={false} />
    </ActionDialog>
  );
}
