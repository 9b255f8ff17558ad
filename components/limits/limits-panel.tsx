'use client';

export interface LimitsPanelProps {
  daemonId: string;
  project: string;
  instance: string;
}

/** Placeholder until the limits module lands (issue 4). */
export default function LimitsPanel(_props: LimitsPanelProps) {
  return <p className="p-4 text-sm text-zinc-500">Live limits are not available yet.</p>;
}
