'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';

/**
 * A page's filters kept in the URL (shareable, back button works), each with its default; a
 * default value is left out of the URL. Written with history.pushState/replaceState, which Next's
 * router picks up without a reload.
 */
export function useUrlState<T extends { [K in keyof T]: string }>(
  defaults: T,
): [T, (patch: Partial<T>, mode?: 'push' | 'replace') => void] {
  const params = useSearchParams();
  const view = useMemo(
    () => Object.fromEntries(Object.entries(defaults).map(([k, d]) => [k, params.get(k) ?? d])) as T,
    // The defaults are constants of the calling module.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [params],
  );
  const update = useCallback(
    (patch: Partial<T>, mode: 'push' | 'replace' = 'push') => {
      const next = new URLSearchParams(window.location.search);
      for (const [key, value] of Object.entries(patch)) {
        if (value && value !== defaults[key as keyof T]) next.set(key, value as string);
        else next.delete(key);
      }
      const search = next.toString();
      const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
      if (mode === 'push') window.history.pushState(null, '', url);
      else window.history.replaceState(null, '', url);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  return [view, update];
}
