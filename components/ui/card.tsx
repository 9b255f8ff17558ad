import type { ReactNode } from 'react';
import { cx } from './cx';

/** The bordered surface tables and panels sit on. */
export function Card({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <div className={cx('rounded-lg border border-zinc-200 bg-white shadow-xs dark:border-zinc-800 dark:bg-zinc-900', className)}>
      {children}
    </div>
  );
}
