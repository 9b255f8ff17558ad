import type { ReactNode } from 'react';
import { cx } from './cx';
import { AlertIcon, InfoIcon } from './icons';

type Kind = 'error' | 'warning' | 'info';

const KINDS: Record<Kind, string> = {
  error: 'border-red-200 bg-red-50 text-red-800 dark:border-red-500/30 dark:bg-red-500/10 dark:text-red-200',
  warning: 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-500/30 dark:bg-amber-500/10 dark:text-amber-200',
  info: 'border-sky-200 bg-sky-50 text-sky-900 dark:border-sky-500/30 dark:bg-sky-500/10 dark:text-sky-200',
};

/** A message box. Errors are announced (role="alert"), warnings and info politely (role="status"). */
export function Alert({ kind = 'error', title, children, action, className }: {
  kind?: Kind;
  title?: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  className?: string;
}) {
  const Icon = kind === 'info' ? InfoIcon : AlertIcon;
  return (
    <div
      role={kind === 'error' ? 'alert' : 'status'}
      className={cx('flex items-start gap-2.5 rounded-md border px-3 py-2 text-[13px]', KINDS[kind], className)}
    >
      <Icon className="mt-0.5 shrink-0" />
      <div className="min-w-0 flex-1">
        {title && <p className="font-medium">{title}</p>}
        {children && <div className={cx('break-words', title ? 'mt-0.5 opacity-90' : undefined)}>{children}</div>}
      </div>
      {action}
    </div>
  );
}
