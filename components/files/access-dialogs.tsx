'use client';
import { useState } from 'react';
import { addSshKey, setRootPassword } from '@/lib/api/files';
import type { InstanceRef } from '@/lib/api/instances';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Alert } from '../ui/alert';
import { inputClass, NewPasswordField, TextField } from '../ui/field';

/** Sets root's password inside the running instance. */
export function RootPasswordDialog({ instance, onClose }: { instance: InstanceRef; onClose: () => void }) {
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = again && again !== password ? 'the two passwords differ' : null;
  return (
    <ActionDialog
      title={`Root password of ${instance.name}`}
      description="Set inside the running instance (chpasswd, or busybox passwd)."
      size="sm"
      confirmLabel="Set password"
      missing={!password ? 'Enter a password' : password !== again ? 'Repeat the password' : null}
      onConfirm={() => setRootPassword(instance, password)}
      onClose={onClose}
    >
      <NewPasswordField value={password} onChange={(e) => setPassword(e.target.value)} autoFocus />
      <NewPasswordField label="Repeat it" value={again} onChange={(e) => setAgain(e.target.value)} error={mismatch} />
    </ActionDialog>
  );
}

/** Adds an SSH public key to a user's ~/.ssh/authorized_keys; stays open to say what it did. */
export function SshKeyDialog({ instance, onClose }: { instance: InstanceRef; onClose: () => void }) {
  const [key, setKey] = useState('');
  const [user, setUser] = useState('root');
  const [result, setResult] = useState<string | null>(null);
  return (
    <ActionDialog
      title={`Add an SSH key to ${instance.name}`}
      confirmLabel="Add key"
      cancelLabel={result ? 'Close' : 'Cancel'}
      missing={key.trim() ? null : 'Paste a public key'}
      stayOpen
      onConfirm={async () => {
        setResult(null);
        const r = await addSshKey(instance, key, user);
        setResult(r.added ? `Added ${r.fingerprint} to ${r.path}.` : `${r.fingerprint} was already in ${r.path}.`);
      }}
      onClose={onClose}
    >
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
      {result && <Alert kind="info">{result}</Alert>}
    </ActionDialog>
  );
}
