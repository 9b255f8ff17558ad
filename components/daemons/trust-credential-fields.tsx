'use client';
import { cx } from '../ui/cx';
import { TextField } from '../ui/field';
import type { Credential } from './add-daemon-model';

/** How the daemon is to trust Hangar: a trust token (LXD and Incus) or the trust password (LXD). */
export function TrustCredentialFields({ credential, secret, onChange }: {
  credential: Credential;
  secret: string;
  onChange(credential: Credential, secret: string): void;
}) {
  return (
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
              onChange={() => onChange(c, '')}
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
          onChange={(e) => onChange(credential, e.target.value)}
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
          onChange={(e) => onChange(credential, e.target.value)}
          autoComplete="off"
          hint={
            <>
              The daemon&apos;s <code className="font-mono">core.trust_password</code> (LXD only; Incus uses tokens).
            </>
          }
        />
      )}
    </fieldset>
  );
}
