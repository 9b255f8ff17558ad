'use client';
import { usePathname } from 'next/navigation';
import { useEffect, useState, type ReactNode } from 'react';
import type { Role } from '@/lib/roles';
import { Button } from '../ui/button';
import { MenuIcon, XIcon } from '../ui/icons';
import { Logo } from './logo';
import { MainNav } from './sidebar';

/**
 * Below the md breakpoint the sidebar is hidden: this button opens it as a drawer, with every
 * section the role may open and what the top bar has no room for (`footer`: Log out).
 */
export function MobileMenu({ role, footer }: { role: Role; footer: ReactNode }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  const [at, setAt] = useState(pathname);
  if (pathname !== at) {
    setAt(pathname);
    setOpen(false);
  }
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && setOpen(false);
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  return (
    <div className="md:hidden">
      <Button
        variant="ghost"
        size="sm"
        aria-label="Menu"
        aria-expanded={open}
        aria-controls="mobile-menu"
        icon={<MenuIcon size={16} />}
        onClick={() => setOpen(true)}
      />
      {open && (
        <div className="fixed inset-0 z-40">
          <button type="button" aria-label="Close the menu" className="absolute inset-0 bg-zinc-950/40" onClick={() => setOpen(false)} />
          <div
            id="mobile-menu"
            role="dialog"
            aria-modal="true"
            aria-label="Menu"
            className="absolute inset-y-0 left-0 flex w-64 max-w-[85vw] flex-col border-r border-zinc-200 bg-white shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
          >
            <div className="flex h-12 items-center gap-2.5 border-b border-zinc-200 px-4 dark:border-zinc-800">
              <Logo />
              <span className="text-[15px] font-semibold tracking-tight">Hangar</span>
              <Button variant="ghost" size="sm" className="ml-auto" aria-label="Close" icon={<XIcon size={14} />} onClick={() => setOpen(false)} />
            </div>
            <MainNav role={role} />
            <div className="border-t border-zinc-200 px-2.5 py-3 dark:border-zinc-800">{footer}</div>
          </div>
        </div>
      )}
    </div>
  );
}
