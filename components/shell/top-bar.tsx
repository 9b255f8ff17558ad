'use client';
import { signOut } from '@/lib/api/auth';
import Link from 'next/link';
import { useState } from 'react';
import type { Me } from '@/lib/api-types';
import { LiveIndicator } from '../live/live-indicator';
import { TaskTray } from '../tasks/task-tray';
import { Button } from '../ui/button';
import { LogOutIcon } from '../ui/icons';
import { Logo } from './logo';
import { RoleBadge } from './role-badge';

export function TopBar({ me }: { me: Me }) {
  const [leaving, setLeaving] = useState(false);
  return (
    <header className="flex h-12 shrink-0 items-center gap-3 border-b border-zinc-200 bg-white px-4 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900/60">
      <Link href="/instances" className="flex items-center gap-2 md:hidden" aria-label="Hangar home">
        <Logo size={20} />
      </Link>
      <nav aria-label="Sections" className="flex gap-3 text-[13px] md:hidden">
        <Link href="/instances">Instances</Link>
        <Link href="/daemons">Daemons</Link>
      </nav>
      <div className="ml-auto flex items-center gap-3">
        <TaskTray />
        <LiveIndicator />
        <div className="flex items-center gap-2">
          <span
            aria-hidden="true"
            className="flex size-7 items-center justify-center rounded-full bg-zinc-200 text-xs font-semibold text-zinc-700 uppercase dark:bg-zinc-700 dark:text-zinc-200"
          >
            {me.username.slice(0, 1)}
          </span>
          <span className="text-[13px] font-medium" data-testid="current-user">
            {me.username}
          </span>
          <RoleBadge role={me.role} />
        </div>
        <span aria-hidden="true" className="h-5 w-px bg-zinc-200 dark:bg-zinc-700" />
        <Button
          variant="ghost"
          size="sm"
          icon={<LogOutIcon size={14} />}
          busy={leaving}
          onClick={() => {
            setLeaving(true);
            signOut('/login').catch(() => setLeaving(false));
          }}
        >
          Log out
        </Button>
      </div>
    </header>
  );
}
