import type { Services } from '../services';
import { current, type Credential, type Principal } from './principal';

/** How often an open terminal or event stream checks its caller again (for changes made by another replica). */
export const ACCESS_RECHECK_MS = 2000;

/**
 * Watches a long-lived connection's caller: at once when this process changes their access
 * (s.revocations), and every ACCESS_RECHECK_MS for changes another replica made in the shared
 * database. Calls `onEnd` once when the caller is gone or `allowed` says no. Returns the stop.
 */
export function watchAccess(s: Services, who: Credential, allowed: (now: Principal) => boolean, onEnd: () => void): () => void {
  let stopped = false;
  let running = false;
  let again = false;
  const check = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      const now = await current(s, who);
      if (!stopped && (!now || !allowed(now))) {
        stop();
        onEnd();
      }
    } catch (error) {
      // The database did not answer: keep the connection and ask again at the next tick.
      console.error('[hangar] could not re-check access of an open connection:', error);
    } finally {
      running = false;
    }
    if (again) {
      again = false;
      await check();
    }
  };
  const unsubscribe = s.revocations.onChange((userId) => {
    if (userId === who.userId) void check();
  });
  const timer = setInterval(() => void check(), ACCESS_RECHECK_MS);
  timer.unref();
  const stop = () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
  };
  return stop;
}
