'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Spinner } from '../ui/spinner';
import { copyText, readText } from './clipboard';
import { TerminalConnection, type SessionEnd } from './terminal-connection';
import { clampFontSize, loadCommand, loadFontSize, saveCommand, saveFontSize } from './terminal-storage';
import { TerminalToolbar } from './terminal-toolbar';
import { TerminalView } from './terminal-view';

export interface TerminalPanelProps {
  daemonId: string;
  project: string;
  instance: string;
  mode: 'exec' | 'console';
  /** The instance's status, when known: a stopped instance gets a Start button instead of a dead end. */
  status?: string;
  /** Starts the instance (offered when it is not running); resolves once it runs. */
  onStart?(): Promise<unknown>;
}

/** The console log shown before attaching: its end, which is what the scrollback would hold anyway. */
const CONSOLE_LOG_LIMIT = 1024 * 1024;

type Status = { state: 'connecting' } | { state: 'open' } | { state: 'ended'; end: SessionEnd };

function describeEnd(mode: TerminalPanelProps['mode'], end: SessionEnd): { title: string; detail?: string; tone: 'ok' | 'error' } {
  switch (end.kind) {
    case 'exit':
      return { title: `The command exited with code ${end.code}.`, tone: end.code === 0 ? 'ok' : 'error' };
    case 'error':
      return { title: mode === 'exec' ? 'The terminal could not run.' : 'The console could not attach.', detail: end.message, tone: 'error' };
    case 'closed':
      return { title: end.message, tone: 'error' };
  }
}

/** Reads the console's log so far (the daemon keeps a ring buffer of what the console printed). */
async function consoleLog(at: Omit<TerminalPanelProps, 'mode'>, signal: AbortSignal): Promise<string> {
  const path = `/api/v1/daemons/${encodeURIComponent(at.daemonId)}/lxd/1.0/instances/${encodeURIComponent(at.instance)}/console`;
  const res = await fetch(`${path}?project=${encodeURIComponent(at.project)}`, { signal, credentials: 'same-origin' });
  const text = await res.text();
  if (res.ok) return text;
  let message = `${res.status} ${res.statusText}`;
  try {
    const body = JSON.parse(text) as { error?: string | { message?: string } };
    message = (typeof body.error === 'string' ? body.error : body.error?.message) ?? message;
  } catch {
    /* not JSON */
  }
  throw new Error(message);
}

/**
 * The Terminal and Console tabs of the instance page: an xterm attached to the instance over
 * Hangar's terminal websocket. The console first shows the log of what the console printed so
 * far, then attaches live.
 */
/** Whether the focus is in a text field other than the terminal's own. */
function typingElsewhere(active: Element | null, terminal: HTMLElement | null): boolean {
  if (!active || terminal?.contains(active)) return false;
  return active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || (active as HTMLElement).isContentEditable;
}

export default function TerminalPanel({ daemonId, project, instance, mode, status: instanceStatus, onStart }: TerminalPanelProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const connectionRef = useRef<TerminalConnection | null>(null);
  /** Whether the keys typed since the session ended have been answered with a note. */
  const toldRef = useRef(false);
  const [view, setView] = useState<TerminalView | null>(null);
  const [status, setStatus] = useState<Status>({ state: 'connecting' });
  // The remembered command is offered in the field, never run by itself: opening the tab,
  // reloading and Reconnect open the login shell; only Run runs the command.
  const [command, setCommand] = useState(() => (mode === 'exec' ? loadCommand(daemonId, project, instance) : ''));
  const [session, setSession] = useState({ attempt: 0, command: '' });
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [fontSize, setFontSize] = useState(loadFontSize);
  const [fullScreen, setFullScreen] = useState(false);

  const copySelection = useCallback((v: TerminalView) => {
    if (!v.term.hasSelection()) return;
    copyText(v.term.getSelection()).catch((error: Error) => v.note(error.message, 'error'));
  }, []);

  // The xterm lives as long as the panel; sessions come and go inside it.
  useEffect(() => {
    const host = hostRef.current!;
    let created: TerminalView | null = null;
    const keys = (event: KeyboardEvent) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === 'KeyC') {
        if (created) copySelection(created);
        return false;
      }
      // Ctrl+Shift+V: let the browser paste; xterm sends what is pasted.
      if (event.code === 'KeyV') return false;
      if (event.code === 'KeyF') {
        event.preventDefault();
        searchRef.current?.focus();
        return false;
      }
      return true;
    };
    created = new TerminalView(host, loadFontSize(), keys);
    const view = created;
    const input = created.term.onData((data) => {
      const connection = connectionRef.current;
      if (connection?.send(data) || (connection && !connection.ended)) return;
      // Keys typed after the session ended are not lost silently (once per ended session).
      if (toldRef.current) return;
      toldRef.current = true;
      view.note('The session has ended: these keys went nowhere. Press Reconnect to start a new session.', 'error');
    });
    const resize = created.term.onResize(({ cols, rows }) => connectionRef.current?.resize(cols, rows));
    setView(created);
    return () => {
      input.dispose();
      resize.dispose();
      created.dispose();
      setView(null);
    };
  }, [copySelection]);

  // One session per attempt: Reconnect and Run start a new one; leaving the tab ends it.
  useEffect(() => {
    if (!view) return;
    const abort = new AbortController();
    let connection: TerminalConnection | null = null;
    toldRef.current = false;
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
            if (connectionRef.current === connection) connectionRef.current = null;
            if (end.kind === 'error') view.note(end.message, 'error');
            setStatus({ state: 'ended', end });
          },
        },
      );
      connectionRef.current = connection;
    };
    if (session.attempt > 0) view.note(`── new session${session.command ? `: ${session.command}` : ''} ──`);
    if (mode === 'console' && session.attempt === 0) {
      consoleLog({ daemonId, project, instance }, abort.signal)
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
      if (connectionRef.current === connection) connectionRef.current = null;
    };
  }, [view, session, daemonId, project, instance, mode]);

  useEffect(() => {
    const changed = () => setFullScreen(document.fullscreenElement === frameRef.current);
    document.addEventListener('fullscreenchange', changed);
    return () => document.removeEventListener('fullscreenchange', changed);
  }, []);

  const changeFontSize = (size: number) => {
    const next = clampFontSize(size);
    setFontSize(next);
    saveFontSize(next);
    view?.setFontSize(next);
  };

  const restart = (next: string) => {
    setStatus({ state: 'connecting' });
    setSession((s) => ({ attempt: s.attempt + 1, command: next }));
  };

  const run = () => {
    saveCommand(daemonId, project, instance, command);
    restart(command);
  };

  const paste = () => {
    if (!view) return;
    readText()
      .then((text) => view.term.paste(text))
      .catch((error: Error) => view.note(error.message, 'error'))
      .finally(() => view.term.focus());
  };

  const toggleFullScreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void frameRef.current?.requestFullscreen();
  };

  const ended = status.state === 'ended' ? describeEnd(mode, status.end) : null;
  // The daemon refuses a terminal on an instance that is not running: offer to start it.
  const startable =
    !!onStart &&
    status.state === 'ended' &&
    ((instanceStatus !== undefined && instanceStatus.toLowerCase() === 'stopped') || (status.end.kind === 'error' && /not running/i.test(status.end.message)));
  const start = () => {
    if (!onStart) return;
    setStarting(true);
    setStartError(null);
    onStart()
      .then(() => restart(''))
      .catch((error: Error) => setStartError(error.message))
      .finally(() => setStarting(false));
  };

  return (
    <div ref={frameRef} className={cx('flex flex-col bg-white dark:bg-zinc-950', fullScreen && 'h-screen')}>
      <TerminalToolbar
        mode={mode}
        command={command}
        onCommandChange={setCommand}
        onRun={run}
        searchRef={searchRef}
        onSearch={(text, backwards) => (view ? (backwards ? view.search.findPrevious(text) : view.search.findNext(text)) : false)}
        fontSize={fontSize}
        onFontSize={changeFontSize}
        onCopy={() => view && copySelection(view)}
        onPaste={paste}
        fullScreen={fullScreen}
        onFullScreen={toggleFullScreen}
      />
      {status.state === 'connecting' && (
        <p className="flex items-center gap-2 px-3 py-1.5 text-xs text-zinc-500" role="status">
          <Spinner /> {mode === 'exec' ? 'Starting the terminal…' : 'Attaching to the console…'}
        </p>
      )}
      {ended && (
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
            <Button size="sm" variant="primary" busy={starting} onClick={start}>
              Start instance
            </Button>
          )}
          <Button size="sm" variant={startable ? 'secondary' : 'primary'} title="Open a new session: the login shell" onClick={() => restart('')}>
            Reconnect
          </Button>
        </div>
      )}
      {/* The padding sits outside the host: xterm fits itself to the host's full size. */}
      <div className={cx('min-h-0 bg-[#0b0b0f] p-2', fullScreen ? 'flex-1' : 'h-[60vh] min-h-80')}>
        <div ref={hostRef} data-testid="terminal" className="h-full w-full" />
      </div>
    </div>
  );
}
