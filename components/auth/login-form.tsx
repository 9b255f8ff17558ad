'use client';
import { useQueryClient } from '@tanstack/react-query';
import { signInWithPassword } from '@/lib/api/auth';
import { NEXT_AUTH_ERRORS } from '@/lib/login-errors';
import { useState, type FormEvent } from 'react';
import { SsoSignInButton } from './sso-sign-in-button';
import { Logo } from '../shell/logo';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';

export function LoginForm({ callbackUrl, initialError, sso = false }: { callbackUrl: string; initialError?: string; sso?: boolean }) {
  const queryClient = useQueryClient();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // initialError is already resolved by the page (lib/login-errors.ts): never raw ?error= text.
  const [error, setError] = useState<string | null>(initialError ?? null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const failure = await signInWithPassword(username, password);
      if (failure) {
        // The credentials provider passes the server's message through: wrong password, or the throttle's.
        setError(NEXT_AUTH_ERRORS[failure] ?? failure);
        setBusy(false);
        return;
      }
      queryClient.clear();
      // A full load of the page behind the login: the console renders with the new session, and
      // no refresh of the login route is left pending to pull a quick first click back.
      window.location.replace(callbackUrl);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Logging in failed.');
      setBusy(false);
    }
  }

  return (
    <main className="flex min-h-screen items-center justify-center bg-zinc-50 px-4 dark:bg-zinc-950">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-3 text-center">
          <Logo size={40} />
          <div>
            <h1 className="text-xl font-semibold tracking-tight">Log in to Hangar</h1>
            <p className="mt-1 text-[13px] text-zinc-500 dark:text-zinc-400">The console for your LXD and Incus fleet</p>
          </div>
        </div>
        {/* method="post": should the form be sent before the page's script runs, the password stays out of the URL. */}
        <form
          method="post"
          onSubmit={submit}
          className="space-y-4 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
          aria-label="Log in"
        >
          {error && <Alert kind="error">{error}</Alert>}
          <TextField
            label="Username"
            name="username"
            autoComplete="username"
            autoFocus
            required
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
          <TextField
            label="Password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <Button type="submit" variant="primary" className="w-full" busy={busy}>
            Log in
          </Button>
          {sso && <SsoSignInButton callbackUrl={callbackUrl} />}
        </form>
      </div>
    </main>
  );
}
