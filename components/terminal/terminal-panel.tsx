'use client';
import { useRef, useState } from 'react';
import type { TerminalMode } from '@/lib/terminal-protocol';
import { cx } from '../ui/cx';
import { Spinner } from '../ui/spinner';
import { useAction } from '../ui/use-action';
import { readText } from './clipboard';
import { SessionBanner } from './session-banner';
import { describeEnd, offersStart } from './session-state';
import { SessionSlot } from './session-slot';
import { clampFontSize, loadCommand, loadFontSize, saveCommand, saveFontSize } from './terminal-storage';
import { TerminalToolbar } from './terminal-toolbar';
import { useFullScreen } from './use-full-screen';
import { useTerminalSession } from './use-terminal-session';
import { useTerminalView } from './use-terminal-view';

export interface TerminalPanelProps {
  daemonId: string;
  project: string;
  instance: string;
  mode: TerminalMode;
  /** The instance's status, when known: a stopped instance gets a Start button instead of a dead end. */
  status?: string;
  /** Starts the instance (offered when it is not running); resolves once it runs. */
  onStart?(): Promise<unknown>;
}

/**
 * The Terminal and Console tabs of the instance page: an xterm (`useTerminalView`) attached to
 * the instance over Hangar's terminal websocket (`useTerminalSession`), a toolbar, and a banner
 * when the session ends.
 */
export default function TerminalPanel({ daemonId, project, instance, mode, status: instanceStatus, onStart }: TerminalPanelProps) {
  const frameRef = useRef<HTMLDivElement>(null);
  const hostRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const [slot] = useState(() => new SessionSlot());
  const { view, copySelection } = useTerminalView(hostRef, searchRef, slot);
  const { status, restart } = useTerminalSession(view, { daemonId, project, instance, mode }, hostRef, slot);
  const { fullScreen, toggle: toggleFullScreen } = useFullScreen(frameRef);
  const starting = useAction();
  // The remembered command is offered in the field, never run by itself: opening the tab,
  // reloading and Reconnect open the login shell; only Run runs the command.
  const [command, setCommand] = useState(() => (mode === 'exec' ? loadCommand(daemonId, project, instance) : ''));
  const [fontSize, setFontSize] = useState(loadFontSize);

  const changeFontSize = (size: number) => {
    const next = clampFontSize(size);
    setFontSize(next);
    saveFontSize(next);
    view?.setFontSize(next);
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

  const start = () => {
    if (onStart) void starting.run(onStart).then((ok) => ok && restart(''));
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
      {status.state === 'ended' && (
        <SessionBanner
          ended={describeEnd(mode, status.end)}
          startable={!!onStart && offersStart(status, instanceStatus)}
          starting={starting.busy}
          startError={starting.error}
          onStart={start}
          onReconnect={() => restart('')}
        />
      )}
      {/* The padding sits outside the host: xterm fits itself to the host's full size. */}
      <div className={cx('min-h-0 bg-[#0b0b0f] p-2', fullScreen ? 'flex-1' : 'h-[60vh] min-h-80')}>
        <div ref={hostRef} data-testid="terminal" className="h-full w-full" />
      </div>
    </div>
  );
}
