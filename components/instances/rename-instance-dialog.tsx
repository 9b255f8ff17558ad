'use client';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { TextField } from '../ui/field';
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

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await rename(instance, name.trim());
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
            <Alert kind="info">The daemon only renames stopped instances; this one is {instance.status.toLowerCase()}.</Alert>
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
