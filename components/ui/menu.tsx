'use client';
import { useEffect, useId, useRef, useState, type ButtonHTMLAttributes, type KeyboardEvent, type ReactNode, type Ref, type RefObject } from 'react';
import { focusRing } from './button';
import { cx } from './cx';
import { MoreIcon } from './icons';

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
  const open = useMenuOpen(popoverRef);

  return (
    <>
      <MenuButton
        ref={buttonRef}
        label={label}
        expanded={open}
        popoverTarget={id}
        // Runs before the browser's popovertarget activation opens the popover.
        onClick={() => buttonRef.current && popoverRef.current && placeBelow(popoverRef.current, buttonRef.current)}
        size={size}
        className={triggerClassName}
      >
        {trigger}
      </MenuButton>
      <MenuList id={id} label={label} popoverRef={popoverRef} entries={open ? entries : []} onChosen={() => buttonRef.current?.focus()} />
    </>
  );
}

/** The last cell of a dense table row: its "…" menu of actions. */
export function MenuCell({ label, entries }: { label: string; entries: MenuEntry[] }) {
  return (
    <td className="px-3 py-1.5 text-right">
      <Menu size="sm" label={label} trigger={<MoreIcon />} entries={entries} />
    </td>
  );
}

/** A menu button's look; also the light trigger of a menu shared by many rows (openMenuAt). */
export function MenuButton({
  label,
  expanded,
  size = 'md',
  className,
  children,
  ...rest
}: {
  label: string;
  expanded: boolean;
  size?: 'sm' | 'md';
} & Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'aria-label' | 'title' | 'aria-haspopup' | 'aria-expanded' | 'type'> & { ref?: Ref<HTMLButtonElement> }) {
  return (
    <button
      {...rest}
      type="button"
      aria-label={label}
      title={label}
      aria-haspopup="menu"
      aria-expanded={expanded}
      className={cx(
        size === 'sm' ? 'size-6' : 'size-7',
        'inline-flex items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100',
        focusRing,
        className,
      )}
    >
      {children}
    </button>
  );
}

/**
 * One menu for many buttons (a table's rows): the rows carry only a MenuButton, and this list
 * opens at whichever was clicked with the entries of its row. `at` is that button (null: closed);
 * `onClose` is called when the list closes by any means.
 */
export function AnchoredMenu({ at, label, entries, onClose }: { at: HTMLElement | null; label: string; entries: MenuEntry[]; onClose: () => void }) {
  const id = useId();
  const popoverRef = useRef<HTMLDivElement>(null);
  const open = useMenuOpen(popoverRef);
  const wasOpen = useRef(false);

  useEffect(() => {
    const popover = popoverRef.current;
    if (!popover || !at) return;
    placeBelow(popover, at);
    at.setAttribute('aria-expanded', 'true');
    popover.showPopover();
    return () => {
      at.setAttribute('aria-expanded', 'false');
      if (popover.matches(':popover-open')) popover.hidePopover();
    };
  }, [at]);

  useEffect(() => {
    if (wasOpen.current && !open) onClose();
    wasOpen.current = open;
  }, [open, onClose]);

  return <MenuList id={id} label={label} popoverRef={popoverRef} entries={open && at ? entries : []} onChosen={() => at?.focus()} />;
}

/** Whether a menu's popover is open; while it is, its first item has the focus and scrolling or resizing closes it. */
function useMenuOpen(popoverRef: RefObject<HTMLDivElement | null>): boolean {
  // Items are rendered only while open: a table may hold hundreds of these menus.
  const [open, setOpen] = useState(false);

  useEffect(() => {
    const popover = popoverRef.current;
    if (!popover) return;
    const onToggle = (event: Event) => setOpen((event as ToggleEvent).newState === 'open');
    popover.addEventListener('toggle', onToggle);
    return () => popover.removeEventListener('toggle', onToggle);
  }, [popoverRef]);

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
  }, [open, popoverRef]);

  return open;
}

/** Puts the popover under the button (above it when there is no room below), right-aligned. */
function placeBelow(popover: HTMLElement, button: HTMLElement): void {
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
}

/** The popover and its items; `onChosen` runs after an item closes the menu, before its action. */
function MenuList({
  id,
  label,
  popoverRef,
  entries,
  onChosen,
}: {
  id: string;
  label: string;
  popoverRef: RefObject<HTMLDivElement | null>;
  entries: MenuEntry[];
  onChosen: () => void;
}) {
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
    <div
      ref={popoverRef}
      id={id}
      popover="auto"
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      className="fixed inset-auto m-0 rounded-lg border text-left font-normal whitespace-normal border-zinc-200 bg-white p-1 text-[13px] text-zinc-800 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
    >
      {entries.map((entry, i) =>
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
              onChosen();
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
  );
}

function items(root: HTMLElement): HTMLButtonElement[] {
  return Array.from(root.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([aria-disabled="true"])'));
}
