'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DaemonProbe } from '@/lib/api-types';
import { addDaemon, probeDaemon } from '@/lib/api/daemons';
import { errorMessage } from '@/lib/format';
import { daemonKeys, instanceKeys } from '@/lib/query-keys';
import { useActivityActions } from '../activity/activity';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { TextField } from '../ui/field';

type Credential = 'token' | 'password';

/**
 * Adds a daemon in two steps for https: the details and a credential, then the certificate the
 * daemon presents, for the person to confirm before Hangar trusts it. unix:// needs neither.
 */
export function AddDaemonDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const { track } = useActivityActions();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [credential, setCredential] = useState<Credential>('token');
  const [secret, setSecret] = useState('');
  const [probe, setProbe] = useState<DaemonProbe | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const isUnix = url.trim().startsWith('unix://');

  async function checkCertificate() {
    setBusy(true);
    setError(null);
    try {
      setProbe(await probeDaemon(url.trim()));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  async function add() {
    setBusy(true);
    setError(null);
    try {
      await track({ label: `Add daemon ${name.trim()}`, pending: 'Adding…', reportFailure: false }, async () => {
        await addDaemon({
          name: name.trim(),
          url: url.trim(),
          ...(isUnix ? {} : credential === 'token' ? { trustToken: secret.trim() } : { trustPassword: secret }),
          ...(probe ? { fingerprint: probe.fingerprint } : {}),
        });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: daemonKeys.all }),
          queryClient.invalidateQueries({ queryKey: instanceKeys.lists() }),
        ]);
      });
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (isUnix || probe) void add();
    else void checkCertificate();
  }

  const missing = !name.trim()
    ? 'Enter a name'
    : !/^(https|unix):\/\/./.test(url.trim())
      ? 'Enter an https:// or unix:// URL'
      : !isUnix && !secret
        ? `Enter the trust ${credential}`
        : null;

  return (
    <Dialog
      title="Add daemon"
      description={probe ? 'Confirm the certificate this daemon presents.' : 'An LXD or Incus server for Hangar to manage.'}
      onClose={onClose}
      busy={busy}
    >
      <form onSubmit={submit}>
        {probe ? (
          <DialogBody>
            <div className="rounded-md border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950/40">
              <p className="text-xs font-medium text-zinc-500 dark:text-zinc-400">Certificate fingerprint (SHA-256)</p>
              <p data-testid="probe-fingerprint" className="mt-1 font-mono text-[13px] break-all text-zinc-900 dark:text-zinc-100">
                {probe.fingerprint}
              </p>
              <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-xs">
                <dt className="text-zinc-500">URL</dt>
                <dd className="font-mono break-all">{probe.url}</dd>
                <dt className="text-zinc-500">Subject</dt>
                <dd className="break-all">{probe.subject || '—'}</dd>
                <dt className="text-zinc-500">Valid until</dt>
                <dd>{probe.validTo}</dd>
              </dl>
            </div>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Compare it with <code className="font-mono">certificate_fingerprint</code> in the output of{' '}
              <code className="font-mono">lxc info</code> or <code className="font-mono">incus info</code> on the daemon&apos;s
              host. Hangar pins this certificate and refuses any other.
            </p>
            {error && <Alert kind="error">{error}</Alert>}
          </DialogBody>
        ) : (
          <DialogBody>
            <div className="grid grid-cols-2 gap-3">
              <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required spellCheck={false} placeholder="e.g. rack1" />
              <TextField
                label="URL"
                value={url}
                onChange={(e) => setUrl(e.target.value)}
                required
                spellCheck={false}
                placeholder="https://host:8443"
                hint="https://host:8443 or unix:///path/unix.socket"
              />
            </div>
            {!isUnix && (
              <fieldset className="space-y-2">
                <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">How the daemon trusts Hangar</legend>
                <div className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
                  {(['token', 'password'] as const).map((c) => (
                    <label
                      key={c}
                      className={cx(
                        'cursor-pointer rounded px-3 py-1 text-xs font-medium has-focus-visible:ring-2 has-focus-visible:ring-indigo-500',
                        credential === c
                          ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-100'
                          : 'text-zinc-500 hover:text-zinc-800 dark:text-zinc-400',
                      )}
                    >
                      <input
                        type="radio"
                        name="credential"
                        value={c}
                        checked={credential === c}
                        onChange={() => {
                          setCredential(c);
                          setSecret('');
                        }}
                        className="sr-only"
                      />
                      {c === 'token' ? 'Token' : 'Password'}
                    </label>
                  ))}
                </div>
                {credential === 'token' ? (
                  <TextField
                    label="Trust token"
                    value={secret}
                    onChange={(e) => setSecret(e.target.value)}
                    spellCheck={false}
                    autoComplete="off"
                    hint={
                      <>
                        Make one on the daemon&apos;s host: <code className="font-mono">lxc config trust add --name hangar</code> (LXD) or{' '}
                        <code className="font-mono">incus config trust add hangar</code> (Incus).
                      </>
                    }
                  />
                ) : (
                  <TextField
                    label="Trust password"
                    type="password"
                    value={secret}
                    onChange={(e) => setSecret(e.target.value)}
                    autoComplete="off"
                    hint={
                      <>
                        The daemon&apos;s <code className="font-mono">core.trust_password</code> (LXD only; Incus uses tokens).
                      </>
                    }
                  />
                )}
              </fieldset>
            )}
            {isUnix && (
              <Alert kind="info">
                A local socket needs no certificate or credential: Hangar&apos;s process must be allowed to open it.
              </Alert>
            )}
            {error && <Alert kind="error">{error}</Alert>}
          </DialogBody>
        )}
        <DialogFooter>
          {probe ? (
            <Button
              onClick={() => {
                setProbe(null);
                setError(null);
              }}
              disabled={busy}
            >
              Back
            </Button>
          ) : (
            <Button onClick={onClose} disabled={busy}>
              Cancel
            </Button>
          )}
          <Button type="submit" variant="primary" busy={busy} disabledReason={missing}>
            {probe || isUnix ? 'Add daemon' : 'Check certificate'}
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
