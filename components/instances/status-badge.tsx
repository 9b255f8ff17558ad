import { Badge, type Tone } from '../ui/badge';
import { Spinner } from '../ui/spinner';

const TONES: Record<string, Tone> = { running: 'green', stopped: 'grey', frozen: 'blue', error: 'red' };

export function statusTone(status: string): Tone {
  return TONES[status.toLowerCase()] ?? 'amber';
}

/** The instance's status as the daemon reports it; while an action runs, what it is doing. */
export function StatusBadge({ status, pending }: { status: string; pending?: string }) {
  if (pending) {
    return (
      <span className="inline-flex h-5 items-center gap-1.5 rounded-full px-2 text-[11px] font-medium text-indigo-700 ring-1 ring-indigo-600/20 ring-inset dark:text-indigo-300 dark:ring-indigo-400/30">
        <Spinner size={10} />
        {pending}
      </span>
    );
  }
  return (
    <Badge tone={statusTone(status)} dot>
      {status}
    </Badge>
  );
}
