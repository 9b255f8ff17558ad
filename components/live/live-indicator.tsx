'use client';
import { useLiveStatus, type LiveSnapshot } from '@/lib/api/events';
import { cx } from '../ui/cx';

type Look = { label: string; dot: string; text: string; pulse?: boolean };

const LOOKS: Record<'live' | 'degraded' | 'reconnecting' | 'connecting', Look> = {
  live: { label: 'Live', dot: 'bg-emerald-500', text: 'text-emerald-700 dark:text-emerald-300', pulse: true },
  degraded: { label: 'Live', dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300' },
  reconnecting: { label: 'Reconnecting…', dot: 'bg-amber-500', text: 'text-amber-700 dark:text-amber-300' },
  connecting: { label: 'Connecting…', dot: 'bg-zinc-400', text: 'text-zinc-500 dark:text-zinc-400' },
};

function describe(status: LiveSnapshot): { look: Look; state: keyof typeof LOOKS; detail: string } {
  const waiting = status.daemons.filter((d) => d.state !== 'connected');
  const lines = status.daemons.map((d) => `${d.name}: ${d.state === 'connected' ? 'live' : d.state}${d.error ? ` (${d.error})` : ''}`);
  if (status.state === 'live') {
    const state = waiting.length > 0 ? 'degraded' : 'live';
    const summary =
      waiting.length > 0
        ? `Live updates; ${waiting.length} of ${status.daemons.length} daemons not connected`
        : 'Live updates from every daemon';
    return { look: LOOKS[state], state, detail: [summary, ...lines].join('\n') };
  }
  const state = status.state;
  return { look: LOOKS[state], state, detail: state === 'reconnecting' ? 'Connection to Hangar lost; reconnecting' : 'Connecting to Hangar' };
}

/** The top bar's small "Live" pill: is this page receiving changes as they happen? */
export function LiveIndicator() {
  const status = useLiveStatus();
  const { look, state, detail } = describe(status);
  return (
    <span
      role="status"
      title={detail}
      data-testid="live-indicator"
      data-state={state}
      className={cx('inline-flex items-center gap-1.5 text-xs font-medium', look.text)}
    >
      <span className="relative flex size-2">
        {look.pulse && <span className={cx('absolute inline-flex size-full animate-ping rounded-full opacity-50', look.dot)} />}
        <span className={cx('relative inline-flex size-2 rounded-full', look.dot)} />
      </span>
      {look.label}
      {state === 'degraded' && <span className="sr-only">: {detail}</span>}
    </span>
  );
}
