'use client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { Spinner } from '../ui/spinner';

/**
 * A dialog that runs one action: shows a spinner while it runs, closes when it succeeds, and
 * keeps the daemon's message (plus an optional hint) on screen when it fails.
 */
export function ActionDialog({
  title,
  description,
  confirmLabel,
  danger = false,
  missing,
  progress,
  hint,
  onConfirm,
  onClose,
  children,
  size = 'md',
}: {
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Why the action cannot run yet (an empty field); disables the button with this reason. */
  missing?: string | null;
  /** Live progress while the action runs. */
  progress?: ReactNode;
  hint?: (message: string) => string | null;
  onConfirm: () => Promise<void>;
  onClose: () => void;
  children?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (missing) return;
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const help = error && hint ? hint(error) : null;
  return (
    <Dialog title={title} description={description} onClose={onClose} busy={busy} size={size}>
      <form onSubmit={submit}>
        <DialogBody>
          <fieldset disabled={busy} className="space-y-3">
            {children}
          </fieldset>
          {error && (
            <Alert kind="error">
              {error}
              {help && <p className="mt-1 font-medium">{help}</p>}
            </Alert>
          )}
        </DialogBody>
        <DialogFooter
          status={
            busy && (
              <span className="inline-flex items-center gap-1.5" role="status">
                <Spinner /> Working… {progress}
              </span>
            )
          }
        >
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={busy} disabledReason={missing}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
