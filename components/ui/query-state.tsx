import type { ReactNode } from 'react';
import type { FleetErrors } from '@/lib/api-types';
import { errorMessage } from '@/lib/format';
import { Alert } from './alert';
import { cx } from './cx';
import { Spinner } from './spinner';

/** "Loading X…" with a spinner, where a list or panel is about to be. */
export function Loading({ what, className = 'p-4' }: { what?: string | null; className?: string }) {
  return (
    <div className={cx('flex items-center gap-2 text-[13px] text-zinc-500', className)}>
      <Spinner /> Loading{what ? ` ${what}` : ''}…
    </div>
  );
}

/** A list's own failure to load, in Hangar's or the daemon's words; nothing when there is none. */
export function LoadError({ error, title, action, className }: { error: unknown; title?: string; action?: ReactNode; className?: string }) {
  if (!error) return null;
  return (
    <Alert kind="error" title={title} action={action} className={className}>
      {errorMessage(error)}
    </Alert>
  );
}

/** A fleet-wide list's problems: each daemon that did not answer (the rest is listed), then the list's own failure. */
export function FleetProblems({ what, errors, error }: { what: string; errors: FleetErrors | undefined; error: unknown }) {
  return (
    <>
      {errors?.map((e) => (
        <Alert key={e.daemon} kind="warning" title={`Daemon ${e.daemon} is unreachable; its ${what} are not listed`}>
          {e.message}
        </Alert>
      ))}
      <LoadError error={error} />
    </>
  );
}

/** The spinner of a list asked again in the background (not its first load). */
export function Refreshing({ query }: { query: { isFetching: boolean; isPending: boolean } }) {
  return query.isFetching && !query.isPending ? <Spinner label="Refreshing" className="text-zinc-400" /> : null;
}
