'use client';
import { useState, type FormEvent } from 'react';
import type { DaemonProbe } from '@/lib/api-types';
import { addDaemon, probeDaemon } from '@/lib/api/daemons';
import { daemonKeys, instanceKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { TextField } from '../ui/field';
import { useAction } from '../ui/use-action';
import { addDaemonInput, isUnixUrl, missingInput, type DaemonDraft } from './add-daemon-model';
import { CertificateCheck } from './certificate-check';
import { TrustCredentialFields } from './trust-credential-fields';

const ADDED = [daemonKeys.all, instanceKeys.lists()];

/**
 * Adds a daemon in two steps for https: the details and a credential, then the certificate the
 * daemon presents, for the person to confirm before Hangar trusts it. unix:// needs neither.
 */
export function AddDaemonDialog({ onClose }: { onClose: () => void }) {
  const [draft, setDraft] = useState<DaemonDraft>({ name: '', url: 'https://', credential: 'token', secret: '' });
  const [probe, setProbe] = useState<DaemonProbe | null>(null);
  const action = useAction();
  const isUnix = isUnixUrl(draft.url);
  const edit = (patch: Partial<DaemonDraft>) => setDraft((d) => ({ ...d, ...patch }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (isUnix || probe) {
      const added = await action.run(() => addDaemon(addDaemonInput(draft, probe?.fingerprint)), {
        activity: { label: `Add daemon ${draft.name.trim()}`, pending: 'Adding…', reportFailure: false },
        invalidates: ADDED,
      });
      if (added) onClose();
    } else {
      await action.run(async () => setProbe(await probeDaemon(draft.url.trim())));
    }
  }

  return (
    <Dialog
      title="Add daemon"
      description={probe ? 'Confirm the certificate this daemon presents.' : 'An LXD or Incus server for Hangar to manage.'}
      onClose={onClose}
      busy={action.busy}
    >
      <form onSubmit={submit}>
        <DialogBody>
          {probe ? (
            <CertificateCheck probe={probe} />
          ) : (
            <>
              <div className="grid grid-cols-2 gap-3">
                <TextField
                  label="Name"
                  value={draft.name}
                  onChange={(e) => edit({ name: e.target.value })}
                  autoFocus
                  required
                  spellCheck={false}
                  placeholder="e.g. rack1"
                />
                <TextField
                  label="URL"
                  value={draft.url}
                  onChange={(e) => edit({ url: e.target.value })}
                  required
                  spellCheck={false}
                  placeholder="https://host:8443"
                  hint="https://host:8443 or unix:///path/unix.socket"
                />
              </div>
              {isUnix ? (
                <Alert kind="info">A local socket needs no certificate or credential: Hangar&apos;s process must be allowed to open it.</Alert>
              ) : (
                <TrustCredentialFields credential={draft.credential} secret={draft.secret} onChange={(credential, secret) => edit({ credential, secret })} />
              )}
            </>
          )}
          {action.error && <Alert kind="error">{action.error}</Alert>}
        </DialogBody>
        <DialogFooter>
          {probe ? (
            <Button
              onClick={() => {
                setProbe(null);
                action.setError(null);
              }}
              disabled={action.busy}
            >
              Back
            </Button>
          ) : (
            <Button onClick={onClose} disabled={action.busy}>
              Cancel
            </Button>
          )}
          <Button type="submit" variant="primary" busy={action.busy} disabledReason={missingInput(draft)}>
            {probe || isUnix ? 'Add daemon' : 'Check certificate'}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
