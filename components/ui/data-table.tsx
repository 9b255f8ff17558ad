import type { ReactNode, TableHTMLAttributes } from 'react';
import { absoluteTime, relativeTime } from '@/lib/format';
import { Button, type ButtonProps } from './button';
import { cx } from './cx';

/** A column heading: its text, or the text with classes (`srOnly` for a column of buttons). */
export type Column = string | { label: string; className?: string; srOnly?: boolean };

/**
 * The first column (the name) stays in view while a narrow screen scrolls the table sideways:
 * sticky, with an opaque background of its own and a hairline on its right edge.
 */
const STICKY_FIRST = cx(
  '[&_tr>:first-child]:sticky [&_tr>:first-child]:left-0 [&_tr>:first-child]:z-[1]',
  '[&_tr>:first-child]:shadow-[1px_0_0_var(--color-zinc-200)] dark:[&_tr>:first-child]:shadow-[1px_0_0_var(--color-zinc-800)]',
  '[&_thead_tr>:first-child]:bg-zinc-50 dark:[&_thead_tr>:first-child]:bg-zinc-900',
  '[&_tbody_tr>:first-child]:bg-white dark:[&_tbody_tr>:first-child]:bg-zinc-900',
);

/** The tables of the console's list pages: one look for headings, rows and horizontal scrolling. */
export function DataTable({ columns, children, className, ...props }: { columns: Column[]; children: ReactNode } & TableHTMLAttributes<HTMLTableElement>) {
  return (
    // relative: absolutely placed bits in cells (sr-only labels) stay inside the scroller instead of
    // widening the whole page on a phone.
    <div className="relative overflow-x-auto" data-scroll="table">
      <table className={cx('w-full text-left text-[13px]', STICKY_FIRST, className)} {...props}>
        <thead className="bg-zinc-50 text-xs text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
          <tr className="border-b border-zinc-200 dark:border-zinc-800">
            {columns.map((column, i) => {
              const { label, className: width, srOnly } = typeof column === 'string' ? { label: column } : column;
              return (
                <th key={`${i}-${label}`} scope="col" className={cx(i === 0 ? 'px-4' : 'px-3', 'py-2 font-medium whitespace-nowrap', width)}>
                  {srOnly ? <span className="sr-only">{label}</span> : label}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800/70">{children}</tbody>
      </table>
    </div>
  );
}

/** A time as "3 min ago", the exact time on hover; `never` when there is none (or the daemon's zero time). */
export function TimeCell({ at, never = 'never', className }: { at: string | null | undefined; never?: string; className?: string }) {
  const shown = relativeTime(at);
  return (
    <td className={cx('px-3 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400', className)} title={shown === '—' ? undefined : absoluteTime(at)}>
      {shown === '—' ? never : shown}
    </td>
  );
}

/** The last cell of a row: its one action button (small), or nothing when `show` is false. */
export function ButtonCell({ show = true, size = 'sm', ...button }: ButtonProps & { show?: boolean }) {
  return <td className="px-3 py-1.5 text-right">{show && <Button size={size} {...button} />}</td>;
}
