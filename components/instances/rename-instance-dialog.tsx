'use client';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
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
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = instance.status.toLowerCase() !== 'stopped';
  const [restart, setRestart] = useState(running);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await rename(instance, name.trim(), running && restart);
      onRenamed?.(name.trim());
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Rename ${instance.name}`} description={`On ${instance.daemonName}, project ${instance.project}`} onClose={onClose} busy={busy} size="sm">
      <form onSubmit={submit}>
        <DialogBody>
          {running && (
            <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-3 dark:border-amber-500/30 dark:bg-amber-500/5">
              <p className="text-[13px] text-amber-900 dark:text-amber-200">
                The daemon only renames stopped instances; this one is {instance.status.toLowerCase()}.
              </p>
              <Checkbox label="Stop, rename, then start again" checked={restart} onChange={(e) => setRestart(e.target.checked)} />
            </div>
          )}
          <TextField label="New name" value={name} autoFocus required onChange={(e) => setName(e.target.value)} spellCheck={false} />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={!name.trim() || name.trim() === instance.name ? 'Enter a new name' : null}>
            Rename
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
