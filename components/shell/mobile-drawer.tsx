'use client';
import type { ReactNode } from 'react';
import type { Role } from '@/lib/roles';
import { Button } from '../ui/button';
import { XIcon } from '../ui/icons';
import { Logo } from './logo';
import { MainNav } from './sidebar';

/** The phone menu's drawer: every section the role may open, and the footer (Log out). */
export default function MobileDrawer({ role, footer, onClose }: { role: Role; footer: ReactNode; onClose(): void }) {
  return (
    <div className="fixed inset-0 z-40">
      <button type="button" aria-label="Close the menu" className="absolute inset-0 bg-zinc-950/40" onClick={() => onClose()} />
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
          <Button variant="ghost" size="sm" className="ml-auto" aria-label="Close" icon={<XIcon size={14} />} onClick={() => onClose()} />
        </div>
        <MainNav role={role} />
        <div className="border-t border-zinc-200 px-2.5 py-3 dark:border-zinc-800">{footer}</div>
      </div>
    </div>
  );
}
