'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { removeDaemon } from '@/lib/api/daemons';
import { errorMessage } from '@/lib/format';
import { daemonKeys, instanceKeys, lxdKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';

export function RemoveDaemonDialog({ daemon, onClose }: { daemon: DaemonView; onClose: () => void }) {
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Removed, but the daemon could not be told to forget Hangar's certificate.
  const [warning, setWarning] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const removed = await removeDaemon(daemon.id);
      queryClient.removeQueries({ queryKey: lxdKeys.daemon(daemon.id) });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: daemonKeys.all }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.all }),
      ]);
      if (removed.warning) {
        setWarning(removed.warning);
        setBusy(false);
      } else {
        onClose();
      }
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  if (warning) {
    return (
      <Dialog title={`Removed ${daemon.name}`} onClose={onClose} size="sm">
        <DialogBody>
          <Alert kind="warning" title="Hangar forgot the daemon, but the daemon still lists Hangar's certificate">
            {warning}
          </Alert>
          <p className="text-[13px] text-zinc-600 dark:text-zinc-400">
            Remove it on the daemon&apos;s host with <code className="font-mono">lxc config trust remove</code> (or{' '}
            <code className="font-mono">incus config trust remove</code>).
          </p>
        </DialogBody>
        <DialogFooter>
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </DialogFooter>
      </Dialog>
    );
  }

  return (
    <Dialog title={`Remove daemon ${daemon.name}?`} onClose={onClose} busy={busy} size="sm">
      <form onSubmit={submit}>
        <DialogBody>
          <p className="text-[13px] text-zinc-700 dark:text-zinc-300">
            Hangar removes its own client certificate from <strong>{daemon.name}</strong>&apos;s trust store and deletes the
            stored key. The daemon and its instances are not touched; to manage it again, add it with a new token or password.
          </p>
          {daemon.status !== 'online' && (
            <Alert kind="warning">
              The daemon is {daemon.status}; if it cannot be reached, its trust store keeps Hangar&apos;s certificate until removed
              on the host.
            </Alert>
          )}
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" busy={busy}>
            Remove
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
