'use client';
import type { QueryKey } from '@tanstack/react-query';
import type { FormEvent, ReactNode } from 'react';
import { Alert } from './alert';
import { Dialog, DialogBody, FormFooter } from './dialog';
import { useAction } from './use-action';

export interface ActionDialogProps {
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  /** "Close" where the dialog stays open to show what was done. */
  cancelLabel?: string;
  danger?: boolean;
  /** Why the action cannot run yet (an empty field); disables the button with this reason. */
  missing?: string | null;
  /** Live progress while the action runs (besides what `onConfirm` reports). */
  progress?: ReactNode;
  /** A next step to suggest for the daemon's message, e.g. "stop the instance first". */
  hint?: (message: string) => string | null;
  /** Query keys to refresh once the action has ended. */
  invalidates?: readonly QueryKey[];
  onConfirm: (report: (text: string | null) => void) => Promise<unknown>;
  /** Runs once the action has worked, before the dialog closes (the caller refreshes what shows it). */
  onDone?: () => Promise<unknown>;
  onClose: () => void;
  /** Stays open after success (to show what was done, in `children`) instead of closing. */
  stayOpen?: boolean;
  children?: ReactNode;
  size?: 'sm' | 'md' | 'lg';
}

/**
 * The console's one dialog that runs an action (useAction): a spinner while it runs, closes when
 * it succeeds, keeps the daemon's message (plus an optional hint) on screen when it fails.
 */
export function ActionDialog({
  title,
  description,
  confirmLabel,
  cancelLabel,
  danger = false,
  missing,
  progress,
  hint,
  invalidates,
  onConfirm,
  onDone,
  onClose,
  stayOpen = false,
  children,
  size = 'md',
}: ActionDialogProps) {
  const action = useAction({ invalidates });

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (missing) return;
    const worked = await action.run(async (report) => {
      await onConfirm(report);
      await onDone?.();
    });
    if (worked && !stayOpen) onClose();
  }

  const help = action.error && hint ? hint(action.error) : null;
  return (
    <Dialog title={title} description={description} onClose={onClose} busy={action.busy} size={size}>
      <form onSubmit={submit}>
        <DialogBody>
          <fieldset disabled={action.busy} className="space-y-3">
            {children}
          </fieldset>
          {action.error && (
            <Alert kind="error">
              {action.error}
              {help && <p className="mt-1 font-medium">{help}</p>}
            </Alert>
          )}
        </DialogBody>
        <FormFooter
          confirmLabel={confirmLabel}
          cancelLabel={cancelLabel}
          danger={danger}
          busy={action.busy}
          progress={progress ?? action.progress}
          missing={missing}
          onCancel={onClose}
        />
      </form>
    </Dialog>
  );
}

/** "Are you sure?" for one action: an ActionDialog with a sentence instead of fields. */
export function ConfirmDialog({ children, ...props }: Omit<ActionDialogProps, 'size' | 'missing' | 'hint' | 'stayOpen'> & { children: ReactNode }) {
  return (
    <ActionDialog size="sm" {...props}>
      <div className="text-[13px] text-zinc-700 dark:text-zinc-300">{children}</div>
    </ActionDialog>
  );
}
