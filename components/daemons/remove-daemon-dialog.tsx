'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { removeDaemon } from '@/lib/api/daemons';
import { daemonKeys, allInstanceKeys, lxdKeys } from '@/lib/query-keys';
import { ConfirmDialog } from '../ui/action-dialog';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';

const REMOVED = [daemonKeys.all, ...allInstanceKeys];

export function RemoveDaemonDialog({ daemon, onClose }: { daemon: DaemonView; onClose: () => void }) {
  const queryClient = useQueryClient();
  // Removed, but the daemon could not be told to forget Hangar's certificate: shown instead of closing.
  const removedWarning = useRef<string | null>(null);
  const [warning, setWarning] = useState<string | null>(null);

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
    <ConfirmDialog
      title={`Remove daemon ${daemon.name}?`}
      confirmLabel="Remove"
      danger
      invalidates={REMOVED}
      onConfirm={async () => {
        const removed = await removeDaemon(daemon.id);
        queryClient.removeQueries({ queryKey: lxdKeys.daemon(daemon.id) });
        removedWarning.current = removed.warning ?? null;
      }}
      onClose={() => (removedWarning.current ? setWarning(removedWarning.current) : onClose())}
    >
      <p>
        Hangar removes its own client certificate from <strong>{daemon.name}</strong>&apos;s trust store and deletes the stored key. The
        daemon and its instances are not touched; to manage it again, add it with a new token or password.
      </p>
      {daemon.status !== 'online' && (
        <Alert kind="warning" className="mt-3">
          The daemon is {daemon.status}; if it cannot be reached, its trust store keeps Hangar&apos;s certificate until removed on the
          host.
        </Alert>
      )}
    </ConfirmDialog>
  );
}
