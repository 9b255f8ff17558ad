'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { renameDaemon } from '@/lib/api/daemons';
import { errorMessage } from '@/lib/format';
import { daemonKeys, instanceKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { TextField } from '../ui/field';

export function RenameDaemonDialog({ daemon, onClose }: { daemon: DaemonView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(daemon.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await renameDaemon(daemon.id, name.trim());
      // The fleet list carries daemon names too.
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: daemonKeys.all }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.lists() }),
      ]);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Rename daemon ${daemon.name}`} description="Only Hangar's name for it changes." onClose={onClose} busy={busy} size="sm">
      <form onSubmit={submit}>
        <DialogBody>
          <TextField label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required spellCheck={false} />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={!name.trim() || name.trim() === daemon.name ? 'Enter a new name' : null}>
            Rename
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
