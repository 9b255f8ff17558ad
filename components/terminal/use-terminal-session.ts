'use client';
import { useEffect, useState, type RefObject } from 'react';
import { fetchConsoleLog } from '@/lib/api/instances';
import type { TerminalMode } from '@/lib/terminal-protocol';
import type { SessionSlot } from './session-slot';
import { typingElsewhere, type SessionStatus } from './session-state';
import { TerminalConnection } from './terminal-connection';
import type { TerminalView } from './terminal-view';

/** The console log shown before attaching: its end, which is what the scrollback would hold anyway. */
const CONSOLE_LOG_LIMIT = 1024 * 1024;

/**
 * One session per attempt in the panel's xterm: `restart` (Reconnect, Run) starts a new one, and
 * leaving the tab ends it. The console first shows the log of what it printed so far, then
 * attaches live.
 */
export function useTerminalSession(
  view: TerminalView | null,
  target: { daemonId: string; project: string; instance: string; mode: TerminalMode },
  hostRef: RefObject<HTMLDivElement | null>,
  slot: SessionSlot,
) {
  const { daemonId, project, instance, mode } = target;
  const [status, setStatus] = useState<SessionStatus>({ state: 'connecting' });
  const [session, setSession] = useState({ attempt: 0, command: '' });

  useEffect(() => {
    if (!view) return;
    const abort = new AbortController();
    let connection: TerminalConnection | null = null;
    const connect = () => {
      if (abort.signal.aborted) return;
      connection = new TerminalConnection(
        view.term,
        { daemonId, project, instance, mode, command: session.command },
        {
          onOpen: () => {
            setStatus({ state: 'open' });
            // Run and Reconnect ask for the terminal; the first session must not take the keys
            // of someone already typing in the command or search field while it connects.
            if (session.attempt > 0 || !typingElsewhere(document.activeElement, hostRef.current)) view.term.focus();
          },
          onEnd: (end) => {
            slot.detach(connection);
            if (end.kind === 'error') view.note(end.message, 'error');
            setStatus({ state: 'ended', end });
          },
        },
      );
      slot.attach(connection);
    };
    if (session.attempt > 0) view.note(`── new session${session.command ? `: ${session.command}` : ''} ──`);
    if (mode === 'console' && session.attempt === 0) {
      fetchConsoleLog({ daemonId, project, name: instance }, abort.signal)
        .then((log) => {
          if (log) view.term.write(log.slice(-CONSOLE_LOG_LIMIT).replace(/\r?\n/g, '\r\n'));
          view.note('── console log above; attached live below (press Enter if it stays quiet) ──');
        })
        .catch((error: Error) => {
          if (!abort.signal.aborted) view.note(`The console log could not be read: ${error.message}`, 'error');
        })
        .finally(connect);
    } else {
      connect();
    }
    return () => {
      abort.abort();
      connection?.dispose();
      slot.detach(connection);
    };
  }, [view, session, daemonId, project, instance, mode, hostRef, slot]);

  const restart = (command: string) => {
    setStatus({ state: 'connecting' });
    setSession((s) => ({ attempt: s.attempt + 1, command }));
  };

  return { status, restart };
}
