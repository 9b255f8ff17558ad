'use client';
import { signInWithSso } from '@/lib/api/auth';
import { useState } from 'react';
import { Button } from '../ui/button';

/** Shown on the login page only when single sign-on is configured (HANGAR_OIDC_*). */
export function SsoSignInButton({ callbackUrl }: { callbackUrl: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <>
      <div className="flex items-center gap-3 text-xs text-zinc-400" aria-hidden="true">
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
        or
        <span className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
      </div>
      <Button
        className="w-full"
        busy={busy}
        onClick={() => {
          setBusy(true);
          signInWithSso(callbackUrl).catch(() => setBusy(false));
        }}
      >
        Sign in with SSO
      </Button>
    </>
  );
}
