import type { FleetOperation } from '@/lib/api-types';
import type { Tone } from '../ui/badge';

/** How an operation is shown: its label, colour, and whether it is still live work. */
export interface OperationPhase {
  label: string;
  tone: Tone;
  /** Shown without "Show finished", and cancellable. */
  live: boolean;
}

/** When a token operation stops being usable, if the daemon said (trust and join tokens do). */
function tokenExpiry(op: Pick<FleetOperation, 'metadata'>): number | null {
  const raw = op.metadata?.expiresAt ?? op.metadata?.expires_at;
  const at = typeof raw === 'string' ? Date.parse(raw) : NaN;
  // Go's zero time means "never".
  return Number.isFinite(at) && at > 0 && !String(raw).startsWith('0001-') ? at : null;
}

/**
 * A token operation (an image download token, a trust or join token) is "Running" to the daemon
 * for as long as nobody has used it: it is waiting, not working, and once expired it is over.
 */
export function operationPhase(op: Pick<FleetOperation, 'class' | 'status' | 'status_code' | 'metadata'>, now = Date.now()): OperationPhase {
  if (op.status_code >= 400) return { label: op.status, tone: 'red', live: false };
  if (op.status_code >= 200) return { label: op.status, tone: 'green', live: false };
  if (op.class === 'token') {
    const expiry = tokenExpiry(op);
    if (expiry !== null && expiry <= now) return { label: 'Expired', tone: 'grey', live: false };
    return { label: 'Waiting to be used', tone: 'amber', live: true };
  }
  return { label: op.status, tone: 'blue', live: true };
}
