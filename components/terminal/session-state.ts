import type { TerminalMode } from '@/lib/terminal-protocol';
import type { SessionEnd } from './terminal-connection';

export type SessionStatus = { state: 'connecting' } | { state: 'open' } | { state: 'ended'; end: SessionEnd };

export interface EndBanner {
  title: string;
  detail?: string;
  tone: 'ok' | 'error';
}

/** What the banner says when a session ends. */
export function describeEnd(mode: TerminalMode, end: SessionEnd): EndBanner {
  switch (end.kind) {
    case 'exit':
      return { title: `The command exited with code ${end.code}.`, tone: end.code === 0 ? 'ok' : 'error' };
    case 'error':
      return { title: mode === 'exec' ? 'The terminal could not run.' : 'The console could not attach.', detail: end.message, tone: 'error' };
    case 'closed':
      return { title: end.message, tone: 'error' };
  }
}

/**
 * Whether to offer Start after a session ended: the daemon refuses a terminal on an instance that
 * is not running, so a stopped instance (or that refusal) gets a Start button instead of a dead end.
 */
export function offersStart(status: SessionStatus, instanceStatus: string | undefined): boolean {
  if (status.state !== 'ended') return false;
  return instanceStatus?.toLowerCase() === 'stopped' || (status.end.kind === 'error' && /not running/i.test(status.end.message));
}

/** Whether the focus is in a text field other than the terminal's own. */
export function typingElsewhere(active: Element | null, terminal: HTMLElement | null): boolean {
  if (!active || terminal?.contains(active)) return false;
  return active instanceof HTMLInputElement || active instanceof HTMLTextAreaElement || (active as HTMLElement).isContentEditable;
}
