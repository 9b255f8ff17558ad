'use client';
import { useState, type FormEvent } from 'react';
import { addSshKey, setRootPassword } from '@/lib/api/files';
import type { InstanceRef } from '@/lib/api/instances';
import { useSubmit } from '../admin/use-submit';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { inputClass, TextField } from '../ui/field';

/** Sets root's password inside the running instance. */
export function RootPasswordDialog({ instance, onClose }: { instance: InstanceRef; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const { busy, error, run } = useSubmit();
  const mismatch = again && again !== password ? 'the two passwords differ' : null;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => void (await setRootPassword(instance, password))).then((ok) => ok && onClose());
  };
  return (
    <Dialog title={`Root password of ${instance.name}`} description="Set inside the running instance (chpasswd, or busybox passwd)." onClose={onClose} busy={busy} size="sm">
      <form onSubmit={submit}>
        <DialogBody>
          <TextField label="New password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus />
          <TextField label="Repeat it" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} error={mismatch} required />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!password || password !== again}>
            Set password
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

/** Adds an SSH public key to a user's ~/.ssh/authorized_keys. */
export function SshKeyDialog({ instance, onClose }: { instance: InstanceRef; onClose: () => void }) {
  const [key, setKey] = useState('');
  const [user, setUser] = useState('root');
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const r = await addSshKey(instance, key, user);
      setResult(r.added ? `Added ${r.fingerprint} to ${r.path}.` : `${r.fingerprint} was already in ${r.path}.`);
    });
  };
  return (
    <Dialog title={`Add an SSH key to ${instance.name}`} onClose={onClose} busy={busy}>
      <form onSubmit={submit}>
        <DialogBody>
          <label className="block space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
            <span>Public key</span>
            <textarea
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="ssh-ed25519 AAAA… you@host"
              spellCheck={false}
              required
              className={`${inputClass} h-24 py-2 font-mono text-xs`}
            />
          </label>
          <TextField label="User" value={user} onChange={(e) => setUser(e.target.value)} required />
          {error && <Alert kind="error">{error}</Alert>}
          {result && <Alert kind="info">{result}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            {result ? 'Close' : 'Cancel'}
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!key.trim()}>
            Add key
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
