'use client';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '@/lib/format';

/** One action the user started (stop an instance, create one…), shown in the activity tray. */
export interface Activity {
  id: number;
  /** What it is, e.g. "Stop c1 on alpha". */
  label: string;
  /** What it is about (see `instanceTarget`), so a table row can show "Stopping…". */
  target?: string;
  /** The short word shown on the target while it runs, e.g. "Stopping…". */
  pending?: string;
  status: 'running' | 'done' | 'failed';
  /** Live progress reported by the action (e.g. image unpack). */
  progress?: string;
  /** The server's or daemon's message, verbatim. */
  error?: string;
}

export interface ActivitySpec {
  label: string;
  target?: string;
  pending?: string;
  /** False when the caller shows the error itself (a dialog): the entry just goes away on failure. */
  reportFailure?: boolean;
}

export type ReportProgress = (text: string | null) => void;

interface ActivityActions {
  /** Runs `action`, showing it in the tray while it runs and after; rethrows its error. */
  track<T>(spec: ActivitySpec, action: (report: ReportProgress) => Promise<T>): Promise<T>;
  dismiss(id: number): void;
}

const DONE_VISIBLE_MS = 4000;

const ActionsContext = createContext<ActivityActions | null>(null);
const StateContext = createContext<Activity[]>([]);

export function ActivityProvider({ children }: { children: ReactNode }) {
  const [activities, setActivities] = useState<Activity[]>([]);
  const nextId = useRef(1);

  const update = useCallback((id: number, patch: Partial<Activity>) => {
    setActivities((list) => list.map((a) => (a.id === id ? { ...a, ...patch } : a)));
  }, []);

  const dismiss = useCallback((id: number) => setActivities((list) => list.filter((a) => a.id !== id)), []);

  const track = useCallback(
    async <T,>(spec: ActivitySpec, action: (report: ReportProgress) => Promise<T>): Promise<T> => {
      const id = nextId.current++;
      const { reportFailure = true, ...shown } = spec;
      setActivities((list) => [...list, { id, ...shown, status: 'running' }]);
      try {
        const result = await action((text) => update(id, { progress: text ?? undefined }));
        update(id, { status: 'done', progress: undefined });
        setTimeout(() => dismiss(id), DONE_VISIBLE_MS);
        return result;
      } catch (error) {
        if (reportFailure) update(id, { status: 'failed', progress: undefined, error: errorMessage(error) });
        else dismiss(id);
        throw error;
      }
    },
    [update, dismiss],
  );

  const actions = useMemo(() => ({ track, dismiss }), [track, dismiss]);
  return (
    <ActionsContext.Provider value={actions}>
      <StateContext.Provider value={activities}>{children}</StateContext.Provider>
    </ActionsContext.Provider>
  );
}

export function useActivityActions(): ActivityActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error('useActivityActions needs <ActivityProvider>');
  return actions;
}

export function useActivities(): Activity[] {
  return useContext(StateContext);
}

/** Running actions by target, for showing "Stopping…" on the right rows. */
export function usePendingByTarget(): Map<string, string> {
  const activities = useActivities();
  return useMemo(() => {
    const map = new Map<string, string>();
    for (const a of activities) if (a.status === 'running' && a.target) map.set(a.target, a.pending ?? 'Working…');
    return map;
  }, [activities]);
}
