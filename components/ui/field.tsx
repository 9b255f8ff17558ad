import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';
import { focusRing } from './button';
import { cx } from './cx';

export const inputClass = cx(
  'block h-8 w-full rounded-md border-0 bg-white px-2.5 text-[13px] text-zinc-900 shadow-xs ring-1 ring-inset ring-zinc-300',
  'placeholder:text-zinc-400 focus:ring-2 focus:ring-inset focus:ring-indigo-500 outline-none',
  'disabled:cursor-not-allowed disabled:bg-zinc-50 disabled:text-zinc-500 [&[readonly]]:bg-zinc-50 [&[readonly]]:text-zinc-600',
  'dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:placeholder:text-zinc-500 dark:disabled:bg-zinc-800/60 dark:[&[readonly]]:bg-zinc-800/60 dark:[&[readonly]]:text-zinc-300',
);

interface FieldFrameProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
}

function FieldFrame({ id, label, hint, error, className, children }: FieldFrameProps & { id: string; children: ReactNode }) {
  return (
    <div className={cx('space-y-1', className)}>
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      {children}
      {hint && !error && (
        <div id={`${id}-hint`} className="text-xs text-zinc-500 dark:text-zinc-400">
          {hint}
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="text-xs text-red-600 dark:text-red-400">
          {error}
        </p>
      )}
    </div>
  );
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  if (error) return `${id}-error`;
  return hint ? `${id}-hint` : undefined;
}

export function TextField({ label, hint, error, className, ...input }: FieldFrameProps & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
        {...input}
      />
    </FieldFrame>
  );
}

/** A password being set: masked, required, and offered to password managers as a new one. */
export function NewPasswordField({ label = 'New password', ...input }: Omit<FieldFrameProps, 'label'> & { label?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'type' | 'autoComplete'>) {
  return <TextField label={label} type="password" autoComplete="new-password" required {...input} />;
}

export function SelectField({
  label,
  hint,
  error,
  className,
  children,
  ...select
}: FieldFrameProps & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      <select id={id} aria-describedby={describedBy(id, hint, error)} className={cx(inputClass, 'pr-8')} {...select}>
        {children}
      </select>
    </FieldFrame>
  );
}

export function Checkbox({ label, hint, className, ...input }: { label: ReactNode; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  return (
    <div className={cx('flex items-start gap-2', className)}>
      <input
        id={id}
        type="checkbox"
        className={cx('mt-0.5 size-3.5 rounded border-zinc-300 accent-indigo-600', focusRing)}
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...input}
      />
      <div className="text-[13px] leading-tight">
        <label htmlFor={id} className="font-medium text-zinc-800 dark:text-zinc-200">
          {label}
        </label>
        {hint && (
          <p id={`${id}-hint`} className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {hint}
          </p>
        )}
      </div>
    </div>
  );
}

/** The options of a select whose values are their own labels. */
export function Options({ values }: { values: readonly string[] }) {
  return values.map((value) => (
    <option key={value} value={value}>
      {value}
    </option>
  ));
}
