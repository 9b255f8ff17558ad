'use client';
import type { ReactNode } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { useSubmit } from './use-submit';

/** "Are you sure?" for one action; stays open with the server's message if it fails. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  danger = false,
  onConfirm,
  onClose,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { busy, error, run } = useSubmit();
  return (
    <Dialog title={title} onClose={onClose} busy={busy} size="sm">
      <DialogBody>
        <div className="text-[13px] text-zinc-700 dark:text-zinc-300">{children}</div>
        {error && <Alert kind="error">{error}</Alert>}
      </DialogBody>
      <DialogFooter>
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button
          variant={danger ? 'danger' : 'primary'}
          busy={busy}
          onClick={() => void run(onConfirm).then((ok) => ok && onClose())}
        >
          {confirmLabel}
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
