'use client';
import { useState, type RefObject } from 'react';
import { Button, focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { ChevronDownIcon, ChevronUpIcon, CopyIcon, SearchIcon } from '../ui/icons';

export interface TerminalToolbarProps {
  mode: 'exec' | 'console';
  /** The command input's text, and what happens when it is run. */
  command: string;
  onCommandChange(command: string): void;
  onRun(): void;
  searchRef: RefObject<HTMLInputElement | null>;
  onSearch(text: string, backwards: boolean): boolean;
  fontSize: number;
  onFontSize(size: number): void;
  onCopy(): void;
  onPaste(): void;
  fullScreen: boolean;
  onFullScreen(): void;
}

const inputClasses = cx(
  'h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-900 placeholder:text-zinc-400',
  'dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100',
  focusRing,
);

/** Command, search, font size, clipboard and full screen controls above the terminal. */
export function TerminalToolbar({
  mode,
  command,
  onCommandChange,
  onRun,
  searchRef,
  onSearch,
  fontSize,
  onFontSize,
  onCopy,
  onPaste,
  fullScreen,
  onFullScreen,
}: TerminalToolbarProps) {
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  const find = (backwards: boolean) => setMissing(query !== '' && !onSearch(query, backwards));

  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2 border-b border-zinc-200 px-3 py-2 dark:border-zinc-800">
      {mode === 'exec' && (
        <form
          className="flex min-w-64 flex-1 items-center gap-1.5"
          onSubmit={(event) => {
            event.preventDefault();
            onRun();
          }}
        >
          <label htmlFor="terminal-command" className="text-xs text-zinc-500">
            Command
          </label>
          <input
            id="terminal-command"
            className={cx(inputClasses, 'min-w-0 flex-1 font-mono')}
            value={command}
            onChange={(event) => onCommandChange(event.target.value)}
            placeholder="login shell (bash if present, else sh)"
            spellCheck={false}
            autoComplete="off"
          />
          <Button type="submit" size="sm" title="Start a new session with this command (remembered for this instance)">
            Run
          </Button>
        </form>
      )}

      <div className="flex items-center gap-1" role="search">
        <SearchIcon className="text-zinc-400" />
        <input
          ref={searchRef}
          aria-label="Search the scrollback"
          className={cx(inputClasses, 'w-36', missing && 'border-red-400 dark:border-red-500')}
          placeholder="Search"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setMissing(false);
          }}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            find(event.shiftKey);
          }}
        />
        <Button size="xs" variant="ghost" aria-label="Previous match" onClick={() => find(true)} icon={<ChevronUpIcon />} />
        <Button size="xs" variant="ghost" aria-label="Next match" onClick={() => find(false)} icon={<ChevronDownIcon />} />
        {missing && <span className="text-xs text-red-600 dark:text-red-400">No match</span>}
      </div>

      <div className="flex items-center gap-1" aria-label="Font size" role="group">
        <Button size="xs" variant="ghost" aria-label="Smaller text" onClick={() => onFontSize(fontSize - 1)}>
          A−
        </Button>
        <span className="w-6 text-center text-xs tabular-nums text-zinc-500">{fontSize}</span>
        <Button size="xs" variant="ghost" aria-label="Larger text" onClick={() => onFontSize(fontSize + 1)}>
          A+
        </Button>
      </div>

      <div className="flex items-center gap-1">
        <Button size="xs" variant="ghost" icon={<CopyIcon />} title="Copy the selection (Ctrl+Shift+C)" onClick={onCopy}>
          Copy
        </Button>
        <Button size="xs" variant="ghost" title="Paste the clipboard (Ctrl+Shift+V)" onClick={onPaste}>
          Paste
        </Button>
        <Button size="xs" variant="ghost" aria-pressed={fullScreen} onClick={onFullScreen}>
          {fullScreen ? 'Exit full screen' : 'Full screen'}
        </Button>
      </div>
    </div>
  );
}
