'use client';
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { focusRing } from './button';
import { cx } from './cx';

export interface MenuAction {
  label: string;
  onSelect: () => void;
  icon?: ReactNode;
  danger?: boolean;
  /** Shown under the label and as the tooltip; the item cannot be chosen. */
  disabledReason?: string | null;
}

export type MenuEntry = MenuAction | 'separator';

/**
 * A button that opens a list of actions (WAI-ARIA menu button). The list is a popover in the top
 * layer, so it is never clipped by a scrolling table, and closes on outside click or Escape.
 */
export function Menu({
  label,
  trigger,
  entries,
  triggerClassName,
  size = 'md',
}: {
  /** Accessible name of the trigger button, e.g. "Actions for c1". */
  label: string;
  trigger: ReactNode;
  entries: MenuEntry[];
  triggerClassName?: string;
  /** `sm` for dense table rows. */
  size?: 'sm' | 'md';
}) {
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverRef = useRef<HTMLDivElement>(null);

  // Items are rendered only while open: a table may hold hundreds of these menus.
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const popover = popoverRef.current;
    if (!popover) return;
    const onToggle = (event: Event) => setOpen((event as ToggleEvent).newState === 'open');
    popover.addEventListener('toggle', onToggle);
    return () => popover.removeEventListener('toggle', onToggle);
  }, []);

  useEffect(() => {
    const popover = popoverRef.current;
    if (!open || !popover) return;
    items(popover)[0]?.focus();
    const close = () => popover.hidePopover();
    window.addEventListener('scroll', close, { capture: true, passive: true });
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('scroll', close, { capture: true });
      window.removeEventListener('resize', close);
    };
  }, [open]);

  // Runs before the browser's popovertarget activation opens the popover.
  const place = () => {
    const button = buttonRef.current;
    const popover = popoverRef.current;
    if (!button || !popover) return;
    const rect = button.getBoundingClientRect();
    const width = 208;
    const left = Math.max(8, Math.min(rect.right - width, window.innerWidth - width - 8));
    const below = window.innerHeight - rect.bottom;
    popover.style.left = `${left}px`;
    popover.style.width = `${width}px`;
    if (below < 260 && rect.top > below) {
      popover.style.top = '';
      popover.style.bottom = `${window.innerHeight - rect.top + 4}px`;
    } else {
      popover.style.bottom = '';
      popover.style.top = `${rect.bottom + 4}px`;
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = items(event.currentTarget);
    const index = list.indexOf(document.activeElement as HTMLButtonElement);
    const move = (to: number) => {
      event.preventDefault();
      list[(to + list.length) % list.length]?.focus();
    };
    if (event.key === 'ArrowDown') move(index + 1);
    else if (event.key === 'ArrowUp') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(list.length - 1);
    else if (event.key === 'Tab') popoverRef.current?.hidePopover();
  };

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-expanded={open}
        popoverTarget={id}
        onClick={place}
        className={cx(
          size === 'sm' ? 'size-6' : 'size-7',
          'inline-flex items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100',
          focusRing,
          triggerClassName,
        )}
      >
        {trigger}
      </button>
      <div
        ref={popoverRef}
        id={id}
        popover="auto"
        role="menu"
        aria-label={label}
        onKeyDown={onKeyDown}
        className="fixed inset-auto m-0 rounded-lg border text-left font-normal whitespace-normal border-zinc-200 bg-white p-1 text-[13px] text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        {open &&
          entries.map((entry, i) =>
            entry === 'separator' ? (
              <div key={`sep-${i}`} role="separator" className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            ) : (
              <button
                key={entry.label}
                type="button"
                role="menuitem"
                // The label names the item; the reason it is unavailable describes it.
                aria-label={entry.label}
                aria-describedby={entry.disabledReason ? `${id}-reason-${i}` : undefined}
                aria-disabled={entry.disabledReason ? true : undefined}
                title={entry.disabledReason ?? undefined}
                onClick={() => {
                  if (entry.disabledReason) return;
                  popoverRef.current?.hidePopover();
                  buttonRef.current?.focus();
                  entry.onSelect();
                }}
                className={cx(
                  'flex w-full items-start gap-2 rounded-md px-2 py-1.5 text-left outline-none',
                  'focus-visible:bg-zinc-100 dark:focus-visible:bg-zinc-800',
                  entry.disabledReason
                    ? 'cursor-not-allowed text-zinc-400 dark:text-zinc-500'
                    : entry.danger
                      ? 'text-red-600 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-500/10'
                      : 'hover:bg-zinc-100 dark:hover:bg-zinc-800',
                )}
              >
                <span className="mt-px shrink-0 opacity-80">{entry.icon}</span>
                <span className="min-w-0">
                  <span className="block">{entry.label}</span>
                  {entry.disabledReason && (
                    <span id={`${id}-reason-${i}`} className="block text-[11px] leading-snug">
                      {entry.disabledReason}
                    </span>
                  )}
                </span>
              </button>
            ),
          )}
      </div>
    </>
  );
}

function items(root: HTMLElement): HTMLButtonElement[] {
  return Array.from(root.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])'));
}
