'use client';

export interface TerminalPanelProps {
  daemonId: string;
  project: string;
  instance: string;
  mode: 'exec' | 'console';
}

/** Placeholder until the terminal bridge lands (issue 3). */
export default function TerminalPanel({ mode }: TerminalPanelProps) {
  return <p className="p-4 text-sm text-zinc-500">The {mode === 'exec' ? 'terminal' : 'console'} is not available yet.</p>;
}
