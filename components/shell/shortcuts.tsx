'use client';
import { lazy, Suspense, useEffect, useState } from 'react';
import type { Role } from '@/lib/roles';
import { Button } from '../ui/button';
import { SearchIcon } from '../ui/icons';

// The palette (and cmdk) loads the first time it opens, never with a page.
const CommandPalette = lazy(() => import('./command-palette'));
const ShortcutsDialog = lazy(() => import('./shortcuts-dialog'));


/** Whether a key press belongs to a text field, or to a terminal (which takes every key). */
function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.closest('.xterm')) return true;
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || target.isContentEditable;
}

/** The palette's button in the top bar, and the keys that open the palette and the shortcut list. */
export function CommandCenter({ role }: { role: Role }) {
  const [palette, setPalette] = useState(false);
  const [help, setHelp] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey) return;
      const inTerminal = event.target instanceof HTMLElement && event.target.closest('.xterm');
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && event.key.toLowerCase() === 'k' && !inTerminal) {
        event.preventDefault();
        setHelp(false);
        setPalette((open) => !open);
        return;
      }
      if (event.ctrlKey || event.metaKey || typing(event.target) || document.querySelector('dialog[open]')) return;
      if (event.key === '/') {
        event.preventDefault();
        setPalette(true);
      } else if (event.key === '?') {
        event.preventDefault();
        setHelp(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        icon={<SearchIcon size={14} />}
        title="Go to an instance, daemon, page or action (Ctrl+K or /)"
        aria-keyshortcuts="Control+K /"
        onClick={() => setPalette(true)}
      >
        <span className="hidden lg:inline">Go to…</span>
        <kbd className="hidden rounded border border-zinc-300 px-1 font-mono text-[10px] text-zinc-500 lg:inline dark:border-zinc-700">Ctrl K</kbd>
        <span className="sr-only lg:hidden">Go to…</span>
      </Button>
      {palette && (
        <Suspense fallback={null}>
          <CommandPalette role={role} onClose={() => setPalette(false)} onShortcuts={() => setHelp(true)} />
        </Suspense>
      )}
      {help && (
        <Suspense fallback={null}>
          <ShortcutsDialog onClose={() => setHelp(false)} />
        </Suspense>
      )}
    </>
  );
}
