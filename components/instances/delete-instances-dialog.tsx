'use client';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Dialog, DialogBody, FormFooter } from '../ui/dialog';
import { Checkbox, TextField } from '../ui/field';
import { useInstanceOperations, type InstanceHandle } from './use-instance-operations';

/**
 * Deletes one instance (confirmed by typing its name) or several (typing "delete N instances").
 * The daemon refuses to delete a running instance; the person may choose to stop it first,
 * otherwise the daemon's refusal is shown as it is.
 */
export function DeleteInstancesDialog({
  instances: initial,
  onClose,
  onDeleted,
}: {
  instances: InstanceHandle[];
  onClose: () => void;
  onDeleted?: () => void;
}) {
  const { remove } = useInstanceOperations();
  // After a partial failure only the ones still there are offered again.
  const [instances, setRemaining] = useState(initial);
  // A bulk delete stays worded as one when a single instance is left after a partial failure.
  const single = initial.length === 1 ? instances[0] : null;
  const count = `${instances.length} instance${instances.length === 1 ? '' : 's'}`;
  const phrase = single ? single.name : `delete ${count}`;
  const running = instances.filter((i) => i.status.toLowerCase() !== 'stopped');
  const [typed, setTyped] = useState('');
  const [stopFirst, setStopFirst] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setErrors([]);
    const results = await Promise.allSettled(instances.map((i) => remove(i, stopFirst)));
    const failed = results.flatMap((r, n) =>
      r.status === 'rejected' ? [single ? errorMessage(r.reason) : `${instances[n].name}: ${errorMessage(r.reason)}`] : [],
    );
    if (failed.length === 0) {
      onDeleted?.();
      onClose();
      return;
    }
    setRemaining(instances.filter((_, n) => results[n].status === 'rejected'));
    setErrors(failed);
    setTyped('');
    setBusy(false);
  }

  return (
    <Dialog
      title={single ? 'Delete instance' : `Delete ${count}`}
      description={
        single
          ? `${single.name} on ${single.daemonName} (project ${single.project}) and its snapshots are deleted for good.`
          : 'These instances and their snapshots are deleted for good.'
      }
      onClose={onClose}
      busy={busy}
    >
      <form onSubmit={submit}>
        <DialogBody>
          {!single && (
            <ul className="max-h-32 overflow-y-auto rounded-md border border-zinc-200 px-3 py-2 font-mono text-xs dark:border-zinc-800">
              {instances.map((i) => (
                <li key={`${i.daemonId}/${i.project}/${i.name}`}>
                  {i.name} <span className="text-zinc-400">· {i.daemonName}</span>
                </li>
              ))}
            </ul>
          )}
          {running.length > 0 && (
            <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50/60 p-3 dark:border-amber-500/30 dark:bg-amber-500/5">
              <p className="text-[13px] text-amber-900 dark:text-amber-200">
                {single
                  ? `${single.name} is ${single.status.toLowerCase()}. The daemon does not delete running instances.`
                  : `${running.length} of them ${running.length === 1 ? 'is' : 'are'} not stopped. The daemon does not delete running instances.`}
              </p>
              <Checkbox
                label="Stop first (force stop), then delete"
                checked={stopFirst}
                onChange={(e) => setStopFirst(e.target.checked)}
              />
            </div>
          )}
          <TextField
            label={
              <>
                Type <span className="font-mono font-semibold">{phrase}</span> to confirm
              </>
            }
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoComplete="off"
            spellCheck={false}
            autoFocus
          />
          {errors.length > 0 && (
            <Alert kind="error" title={single ? undefined : 'Some instances were not deleted'}>
              {errors.length === 1 ? errors[0] : (
                <ul className="list-disc pl-4">
                  {errors.map((e) => (
                    <li key={e}>{e}</li>
                  ))}
                </ul>
              )}
            </Alert>
          )}
        </DialogBody>
        <FormFooter confirmLabel="Delete" danger busy={busy} missing={typed !== phrase ? `Type “${phrase}” first` : null} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
