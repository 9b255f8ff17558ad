'use client';
import { signOut } from '@/lib/api/auth';
import Link from 'next/link';
import { useState } from 'react';
import type { Me } from '@/lib/api-types';
import { LiveIndicator } from '../live/live-indicator';
import { TaskTray } from '../tasks/task-tray';
import { Button } from '../ui/button';
import { LogOutIcon } from '../ui/icons';
import { HelpLink } from './help-link';
import { Logo } from './logo';
import { MobileMenu } from './mobile-menu';
import { RoleBadge } from './role-badge';
import { CommandCenter } from './shortcuts';
import { ThemeToggle } from './theme-toggle';

function LogOutButton({ className }: { className?: string }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <Button
      variant="ghost"
      size="sm"
      className={className}
      icon={<LogOutIcon size={14} />}
      busy={leaving}
      onClick={() => {
        setLeaving(true);
        signOut('/login').catch(() => setLeaving(false));
      }}
    >
      Log out
    </Button>
  );
}

/** Below md the sidebar is a drawer behind the menu button; the user's name and Log out move into it. */
export function TopBar({ me }: { me: Me }) {
  return (
    <header className="flex h-12 shrink-0 items-center gap-2 border-b border-zinc-200 bg-white px-3 sm:gap-3 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/60">
      <MobileMenu
        role={me.role}
        footer={
          <div className="flex items-center justify-between gap-2 px-2">
            <span className="flex min-w-0 items-center gap-2 text-[13px]">
              <span className="truncate font-medium">{me.username}</span>
              <RoleBadge role={me.role} />
            </span>
            <LogOutButton />
          </div>
        }
      />
      <Link href="/" className="flex items-center gap-2 md:hidden" aria-label="Hangar home">
        <Logo size={20} />
      </Link>
      <CommandCenter role={me.role} />
      <div className="ml-auto flex items-center gap-1.5 sm:gap-3">
        <TaskTray />
        <LiveIndicator />
        <HelpLink />
        <ThemeToggle />
        <div className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="flex size-7 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700 uppercase dark:bg-zinc-700 dark:text-zinc-200"
          >
            {me.username.slice(0, 1)}
          </span>
          <span className="hidden text-[13px] font-medium sm:inline" data-testid="current-user">
            {me.username}
          </span>
          <span className="hidden sm:inline-flex">
            <RoleBadge role={me.role} />
          </span>
        </div>
        <span aria-hidden="true" className="hidden h-5 w-px bg-zinc-200 md:block dark:bg-zinc-700" />
        <LogOutButton className="hidden md:inline-flex" />
      </div>
    </header>
  );
}
