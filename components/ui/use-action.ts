'use client';
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { errorMessage } from '@/lib/format';
import { useActivityActions, type ActivitySpec, type ReportProgress } from '../activity/activity';

export interface ActionOptions {
  /** Query keys to refresh once the action has ended, whether it worked or not. */
  invalidates?: readonly QueryKey[];
  /** Also show it in the activity tray (the console's toasts) while it runs and after. */
  activity?: ActivitySpec;
}

export type RunAction = <T>(work: (report: ReportProgress) => Promise<T>, options?: ActionOptions) => Promise<T>;

/**
 * The one path every action takes, without state of its own (for many actions at once, e.g. one
 * per table row): the tray entry when asked, then the given keys refreshed before the entry ends,
 * whether it worked or not. Resolves with the work's result; rethrows its error.
 */
export function useRunAction(): RunAction {
  const queryClient = useQueryClient();
  const { track } = useActivityActions();
  return useCallback(
    async <T,>(work: (report: ReportProgress) => Promise<T>, { invalidates = [], activity }: ActionOptions = {}) => {
      const refreshing = async (report: ReportProgress) => {
        try {
          return await work(report);
        } finally {
          await Promise.all(invalidates.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
        }
      };
      return activity ? track(activity, refreshing) : refreshing(() => undefined);
    },
    [queryClient, track],
  );
}

/**
 * The console's one way to run an action: `busy` while it runs, live `progress` from the daemon,
 * the tray entry when asked, the daemon's own words in `error` when it fails, and the given keys
 * refreshed afterwards. `run` resolves true when the action worked, false when it failed.
 */
export function useAction(options: ActionOptions = {}) {
  const runAction = useRunAction();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState<string | null>(null);

  async function run(work: (report: ReportProgress) => Promise<unknown>, overrides: ActionOptions = {}): Promise<boolean> {
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      await runAction(
        (trayReport) =>
          work((text) => {
            setProgress(text);
            trayReport(text);
          }),
        { ...options, ...overrides },
      );
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
      setProgress(null);
    }
  }

  return { busy, error, progress, setError, run };
}

/**
 * useAction for the rows of a table, one action at a time each: `busy` names the row whose action
 * runs, `error` is the last failure in the daemon's words (after `label`, to say which row).
 */
export function useRowAction(options: ActionOptions = {}) {
  const runAction = useRunAction();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function run(row: string, work: () => Promise<unknown>, label?: string): Promise<void> {
    setBusy(row);
    setError(null);
    try {
      await runAction(work, options);
    } catch (e) {
      setError(label ? `${label}: ${errorMessage(e)}` : errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return { busy, error, setError, run };
}
