'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useMe } from '@/lib/api/me';
import { can, type Capability } from '@/lib/roles';
import { focusRing } from '../ui/button';
import { cx } from '../ui/cx';

const TABS: { label: string; href: string; capability?: Capability }[] = [
  { label: 'Account', href: '/settings' },
  { label: 'Access tokens', href: '/settings/tokens' },
  { label: 'Share links', href: '/settings/shares', capability: 'manageShares' },
];

export function SettingsTabs() {
  const pathname = usePathname();
  const { data: me } = useMe();
  return (
    <nav aria-label="Settings" className="mb-5 flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
      {TABS.filter((t) => !t.capability || can(me?.role, t.capability)).map((tab) => {
        const active = pathname === tab.href;
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-[13px] font-medium',
              focusRing,
              active
                ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                : 'border-transparent text-zinc-500 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-100',
            )}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
