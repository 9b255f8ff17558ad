import type { ReactNode } from 'react';
import type { FleetErrors } from '@/lib/api-types';
import { PageHeader } from './page-header';
import { FleetProblems } from './query-state';

/**
 * A list page: its header (title, the line under it, actions, the spinner while `query` is asked
 * again) over its sections; a fleet-wide list (`what` names its rows) leads them with the daemons
 * that did not answer and the list's own failure.
 */
export function ListPage({
  title,
  subtitle,
  actions,
  query,
  what,
  children,
}: {
  title: string;
  subtitle?: ReactNode;
  actions?: ReactNode;
  query?: { isFetching: boolean; isPending: boolean; error: unknown; data?: unknown };
  what?: string;
  children: ReactNode;
}) {
  const errors = (query?.data as { errors?: FleetErrors } | undefined)?.errors;
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} actions={actions} query={query} />
      <div className="space-y-3">
        {what && <FleetProblems what={what} errors={errors} error={query?.error} />}
        {children}
      </div>
    </>
  );
}
