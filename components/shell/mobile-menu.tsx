'use client';
import { usePathname } from 'next/navigation';
import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import type { Role } from '@/lib/roles';
import { Button } from '../ui/button';
import { MenuIcon } from '../ui/icons';

// The drawer loads the first time the menu opens: phones only, never in a page's first load.
const MobileDrawer = lazy(() => import('./mobile-drawer'));

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
        <Suspense fallback={null}>
          <MobileDrawer role={role} footer={footer} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
