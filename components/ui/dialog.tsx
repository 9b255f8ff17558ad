'use client';
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { Button, focusRing } from './button';
import { cx } from './cx';
import { XIcon } from './icons';
import { Spinner } from './spinner';

const WIDTHS = { sm: 'max-w-md', md: 'max-w-lg', lg: 'max-w-2xl' } as const;

/**
 * A modal dialog on the native <dialog> element (focus trap, Escape, top layer for free). It is
 * open while mounted: render it conditionally. `busy` keeps it open during a running action.
 */
export function Dialog({
  title,
  description,
  onClose,
  busy = false,
  size = 'md',
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  onClose: () => void;
  busy?: boolean;
  size?: keyof typeof WIDTHS;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onClose();
      }}
      className={cx(
        // Reset what a dialog opened from inside a table cell would inherit.
        'm-auto w-[calc(100%-2rem)] rounded-xl border-0 bg-white p-0 text-left font-normal whitespace-normal text-zinc-900 shadow-2xl ring-1 ring-zinc-900/10',
        'backdrop:bg-zinc-950/50 dark:bg-zinc-900 dark:text-zinc-100 dark:ring-white/10',
        WIDTHS[size],
      )}
    >
      <div className="flex items-start justify-between gap-4 border-b border-zinc-200 px-5 py-3.5 dark:border-zinc-800">
        <div className="min-w-0">
          <h2 id={titleId} className="text-[15px] font-semibold">
            {title}
          </h2>
          {description && (
            <p id={descriptionId} className="mt-0.5 text-[13px] text-zinc-500 dark:text-zinc-400">
              {description}
            </p>
          )}
        </div>
        <button
          type="button"
          aria-label="Close dialog"
          disabled={busy}
          onClick={onClose}
          className={cx(
            '-mr-1.5 rounded p-1 text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 disabled:opacity-40 dark:hover:bg-zinc-800 dark:hover:text-zinc-200',
            focusRing,
          )}
        >
          <XIcon />
        </button>
      </div>
      {children}
    </dialog>
  );
}

export function DialogBody({ children, className }: { children: ReactNode; className?: string }) {
  return <div className={cx('max-h-[65vh] space-y-4 overflow-y-auto px-5 py-4', className)}>{children}</div>;
}

export function DialogFooter({ children, status }: { children: ReactNode; status?: ReactNode }) {
  return (
    <div className="flex items-center justify-end gap-2 rounded-b-xl border-t border-zinc-200 bg-zinc-50 px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900/60">
      {status && <div className="mr-auto min-w-0 truncate text-xs text-zinc-500 dark:text-zinc-400">{status}</div>}
      {children}
    </div>
  );
}

/**
 * The footer of a dialog's form: Cancel, and the submit button (busy while it runs, disabled with
 * a reason), with a spinner and the action's progress beside them while it runs.
 */
export function FormFooter({
  confirmLabel,
  cancelLabel = 'Cancel',
  danger = false,
  busy,
  busyLabel = 'Working…',
  progress,
  missing,
  onCancel,
}: {
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  busy: boolean;
  busyLabel?: string;
  progress?: ReactNode;
  missing?: string | null;
  onCancel: () => void;
}) {
  return (
    <DialogFooter
      status={
        busy && (
          <span className="inline-flex items-center gap-1.5" role="status">
            <Spinner /> {busyLabel} {progress}
          </span>
        )
      }
    >
      <Button onClick={onCancel} disabled={busy}>
        {cancelLabel}
      </Button>
      <Button type="submit" variant={danger ? 'danger' : 'primary'} busy={busy} disabledReason={missing}>
        {confirmLabel}
      </Button>
    </DialogFooter>
  );
}
