import { Logo } from '../shell/logo';

/** What an unknown, revoked or expired share link shows: no hint of what it was. */
export function ShareGone({ message = 'This share link does not exist, has expired or has been revoked.' }: { message?: string }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-4 bg-zinc-50 px-4 text-center dark:bg-zinc-950">
      <Logo size={36} />
      <h1 className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">Nothing to show here</h1>
      <p className="max-w-sm text-[13px] text-zinc-500 dark:text-zinc-400">{message} Ask whoever gave it to you for a new one.</p>
    </main>
  );
}
