import type { ReactNode, TableHTMLAttributes } from 'react';
import { Card } from './card';
import { DataTable, type Column } from './data-table';
import { EmptyState } from './empty-state';
import { Loading, LoadError } from './query-state';

/**
 * A list page's table on its card: "Loading X…" until the `query`'s first answer, the `empty`
 * state when `count` is 0, else the rows (children) under `columns`. With `errorTitle`, the
 * query's own failure shows above it (fleet-wide lists show theirs with FleetProblems instead).
 */
export function ListTable({
  query,
  what,
  count,
  empty,
  errorTitle,
  columns,
  children,
  ...table
}: {
  query: { isPending: boolean; error?: unknown };
  what: string;
  count: number;
  empty: { icon?: ReactNode; title: ReactNode; text?: ReactNode; action?: ReactNode };
  errorTitle?: string;
  columns: Column[];
  children: ReactNode;
} & TableHTMLAttributes<HTMLTableElement>) {
  return (
    <>
      {errorTitle && <LoadError error={query.error} title={errorTitle} className="mb-3" />}
      <Card className="overflow-x-auto">
        {query.isPending ? (
          <Loading what={what} />
        ) : count === 0 ? (
          <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
            {empty.text}
          </EmptyState>
        ) : (
          <DataTable columns={columns} {...table}>
            {children}
          </DataTable>
        )}
      </Card>
    </>
  );
}
