'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { Me } from '@/lib/api-types';
import { useLiveEvents } from '@/lib/api/events';
import { meKeys } from '@/lib/query-keys';
import { ActivityTray } from '../activity/activity-tray';
import { SessionActivity } from '../auth/session-activity';
import { Sidebar } from './sidebar';
import { TopBar } from './top-bar';

/** The console frame: sidebar, top bar, the page, and the activity tray. */
export function ConsoleShell({ me, children }: { me: Me; children: ReactNode }) {
  const queryClient = useQueryClient();
  // The server already knows who is signed in: seed useMe() so role-aware buttons render right away.
  useState(() => queryClient.setQueryData(meKeys.all, me));
  useLiveEvents();
  return (
    <div className="flex h-screen overflow-hidden">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-indigo-600 px-3 py-2 text-sm text-white focus:not-sr-only focus:absolute focus:top-2 focus:left-2"
      >
        Skip to content
      </a>
      <Sidebar role={me.role} />
      <div className="flex min-w-0 flex-1 flex-col">
        <TopBar me={me} />
        <main id="main" tabIndex={-1} className="flex-1 overflow-auto outline-none">
          <div className="mx-auto max-w-[1680px] px-4 py-5 sm:px-6">{children}</div>
        </main>
      </div>
      <ActivityTray />
      <SessionActivity />
    </div>
  );
}
