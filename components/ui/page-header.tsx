import type { ReactNode } from 'react';
import { Refreshing } from './query-state';

/**
 * The title row of a console page: title, a short line under it, actions on the right, led by a
 * spinner while the page's `query` is asked again in the background.
 */
export function PageHeader({ title, subtitle, actions, breadcrumb, query }: {
  title: ReactNode;
  subtitle?: ReactNode;
  actions?: ReactNode;
  breadcrumb?: ReactNode;
  query?: { isFetching: boolean; isPending: boolean };
}) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        {breadcrumb && <div className="mb-1 text-xs text-zinc-500 dark:text-zinc-400">{breadcrumb}</div>}
        <h1 className="truncate text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">{title}</h1>
        {subtitle && <p className="mt-0.5 text-[13px] text-zinc-500 dark:text-zinc-400">{subtitle}</p>}
      </div>
      {(actions || query) && (
        <div className="flex flex-wrap items-center gap-2">
          {query && <Refreshing query={query} />}
          {actions}
        </div>
      )}
    </div>
  );
}
