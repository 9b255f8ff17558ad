'use client';
import { useCallback, useEffect, useState, type RefObject } from 'react';
import { copyText } from './clipboard';
import type { SessionSlot } from './session-slot';
import { loadFontSize } from './terminal-storage';
import { TerminalView } from './terminal-view';

/**
 * The panel's xterm: it lives as long as the panel (sessions come and go inside it), takes the
 * console's shortcuts (Ctrl+Shift+C copy, +V paste, +F search) and sends what is typed to the
 * current session, or says once that a session that ended took nothing.
 */
export function useTerminalView(
  hostRef: RefObject<HTMLDivElement | null>,
  searchRef: RefObject<HTMLInputElement | null>,
  slot: SessionSlot,
) {
  const [view, setView] = useState<TerminalView | null>(null);

  const copySelection = useCallback((v: TerminalView) => {
    if (!v.term.hasSelection()) return;
    copyText(v.term.getSelection()).catch((error: Error) => v.note(error.message, 'error'));
  }, []);

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
      if (slot.input(data) === 'tell') view.note('The session has ended: these keys went nowhere. Press Reconnect to start a new session.', 'error');
    });
    const resize = created.term.onResize(({ cols, rows }) => slot.resize(cols, rows));
    setView(created);
    return () => {
      input.dispose();
      resize.dispose();
      created.dispose();
      setView(null);
    };
  }, [copySelection, hostRef, searchRef, slot]);

  return { view, copySelection };
}
