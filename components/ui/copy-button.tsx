'use client';
import { useEffect, useState } from 'react';
import { focusRing } from './button';
import { cx } from './cx';
import { CheckIcon, CopyIcon } from './icons';

/** Copies `value` to the clipboard; `label` names the button for screen readers ("Copy fingerprint"). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), 1500);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      aria-label={label}
      title={copied ? 'Copied' : label}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => setCopied(true));
      }}
      className={cx(
        'inline-flex size-6 items-center justify-center rounded text-zinc-400 hover:bg-zinc-100 hover:text-zinc-700 dark:hover:bg-zinc-800 dark:hover:text-zinc-200',
        focusRing,
      )}
    >
      {copied ? <CheckIcon size={13} className="text-emerald-500" /> : <CopyIcon size={13} />}
      <span className="sr-only" aria-live="polite">
        {copied ? 'Copied' : ''}
      </span>
    </button>
  );
}
