'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { reportActivity } from '@/lib/api/auth';

/** How often, at most, a person's activity is reported (the server's idle timeout is in minutes). */
const REPORT_EVERY_MS = 60_000;
const EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * Keeps the browser session alive while a person uses the console, and only then: input events
 * refresh the session (reportActivity), background polling does not. When the session has ended (idle, logged out everywhere,
 * disabled), the next activity goes to the login page.
 */
export function SessionActivity() {
  const router = useRouter();
  useEffect(() => {
    let last = Date.now();
    let sending = false;
    async function report() {
      if (sending || Date.now() - last < REPORT_EVERY_MS) return;
      sending = true;
      last = Date.now();
      try {
        if (!(await reportActivity())) {
          router.replace(`/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`);
        }
      } catch {
        // Offline for a moment: the next activity tries again.
      } finally {
        sending = false;
      }
    }
    const onActivity = () => void report();
    for (const e of EVENTS) window.addEventListener(e, onActivity, { passive: true, capture: true });
    return () => {
      for (const e of EVENTS) window.removeEventListener(e, onActivity, { capture: true });
    };
  }, [router]);
  return null;
}
