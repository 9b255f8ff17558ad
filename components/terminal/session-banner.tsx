'use client';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import type { EndBanner } from './session-state';

/** How the session ended, with Reconnect, and Start where the instance is not running. */
export function SessionBanner({
  ended,
  startable,
  starting,
  startError,
  onStart,
  onReconnect,
}: {
  ended: EndBanner;
  startable: boolean;
  starting: boolean;
  startError: string | null;
  onStart: () => void;
  onReconnect: () => void;
}) {
  return (
    <div
      role={ended.tone === 'error' ? 'alert' : 'status'}
      data-testid="terminal-banner"
      className={cx(
        'flex flex-wrap items-center gap-3 border-b px-3 py-2 text-[13px]',
        ended.tone === 'ok'
          ? 'border-emerald-200 bg-emerald-50 text-emerald-900 dark:border-emerald-500/30 dark:bg-emerald-500/10 dark:text-emerald-200'
          : 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200',
      )}
    >
      <div className="min-w-0 flex-1">
        <p className="font-medium">{ended.title}</p>
        {ended.detail && <p className="break-words opacity-90">{ended.detail}</p>}
        {startError && <p className="break-words opacity-90">The instance could not start: {startError}</p>}
      </div>
      {startable && (
        <Button size="sm" variant="primary" busy={starting} onClick={onStart}>
          Start instance
        </Button>
      )}
      <Button size="sm" variant={startable ? 'secondary' : 'primary'} title="Open a new session: the login shell" onClick={onReconnect}>
        Reconnect
      </Button>
    </div>
  );
}
