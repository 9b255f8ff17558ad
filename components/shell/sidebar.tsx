'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ComponentType, SVGProps } from 'react';
import type { Role } from '@/lib/roles';
import { can, type Capability } from '@/lib/roles';
import { focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { AlertIcon, BoxIcon, CameraIcon, ClusterIcon, DiskIcon, FolderIcon, GaugeIcon, HelpIcon, ImageIcon, LayersIcon, ListIcon, NetworkIcon, RefreshIcon, ServerIcon, SettingsIcon, TasksIcon, UsersIcon } from '../ui/icons';
import { Logo } from './logo';

interface NavItem {
  label: string;
  href: string;
  icon: ComponentType<SVGProps<SVGSVGElement> & { size?: number }>;
  /** Not built yet: shown greyed with a "soon" tag, not a link. */
  soon?: boolean;
  capability?: Capability;
}

export const SECTIONS: { title: string; items: NavItem[] }[] = [
  {
    title: 'Workloads',
    items: [
      { label: 'Dashboard', href: '/', icon: GaugeIcon },
      { label: 'Instances', href: '/instances', icon: BoxIcon },
      { label: 'Snapshots', href: '/snapshots', icon: CameraIcon },
      { label: 'Images', href: '/images', icon: ImageIcon },
      { label: 'Image servers', href: '/image-servers', icon: ImageIcon },
      { label: 'Profiles', href: '/profiles', icon: LayersIcon },
      { label: 'Operations', href: '/operations', icon: RefreshIcon },
      { label: 'Tasks', href: '/tasks', icon: TasksIcon },
    ],
  },
  {
    title: 'Infrastructure',
    items: [
      { label: 'Daemons', href: '/daemons', icon: ServerIcon },
      { label: 'Storage', href: '/storage', icon: DiskIcon },
      { label: 'Networks', href: '/networks', icon: NetworkIcon },
      { label: 'Projects', href: '/projects', icon: FolderIcon },
      { label: 'Cluster', href: '/cluster', icon: ClusterIcon },
      { label: 'Warnings', href: '/warnings', icon: AlertIcon },
    ],
  },
  {
    title: 'Administration',
    items: [
      { label: 'Users', href: '/users', icon: UsersIcon, capability: 'manageUsers' },
      { label: 'Audit log', href: '/audit', icon: ListIcon, capability: 'readAudit' },
    ],
  },
  {
    title: 'Account',
    items: [
      { label: 'Settings', href: '/settings', icon: SettingsIcon },
      { label: 'Help', href: '/help', icon: HelpIcon },
    ],
  },
];

export function Sidebar({ role }: { role: Role }) {
  return (
    <aside className="hidden w-56 shrink-0 flex-col border-r border-zinc-200 bg-white md:flex dark:border-zinc-800 dark:bg-zinc-900/60">
      <div className="flex h-12 items-center gap-2.5 border-b border-zinc-200 px-4 dark:border-zinc-800">
        <Logo />
        <span className="text-[15px] font-semibold tracking-tight">Hangar</span>
      </div>
      <MainNav role={role} />
      <p className="border-t border-zinc-200 px-4 py-3 text-[11px] text-zinc-400 dark:border-zinc-800 dark:text-zinc-500">
        LXD &amp; Incus console
      </p>
    </aside>
  );
}

/** Every section the role may open, by group: the sidebar's, and the phone menu's. */
export function MainNav({ role }: { role: Role }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex-1 space-y-5 overflow-y-auto px-2.5 py-4">
      {SECTIONS.map((section) => {
        const items = section.items.filter((item) => !item.capability || can(role, item.capability));
        if (items.length === 0) return null;
        return (
          <div key={section.title}>
            <p className="mb-1 px-2 text-[11px] font-medium tracking-wide text-zinc-400 uppercase dark:text-zinc-500">{section.title}</p>
            <ul className="space-y-0.5">
              {items.map((item) => (
                <li key={item.href}>
                  <NavLink item={item} active={pathname === item.href || pathname.startsWith(`${item.href}/`)} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </nav>
  );
}

function NavLink({ item, active }: { item: NavItem; active: boolean }) {
  const Icon = item.icon;
  const base = 'flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px]';
  if (item.soon) {
    return (
      <span aria-disabled="true" title={`${item.label} is coming soon`} className={cx(base, 'cursor-default text-zinc-400 dark:text-zinc-600')}>
        <Icon />
        {item.label}
        <span className="ml-auto rounded bg-zinc-100 px-1.5 py-px text-[10px] font-medium text-zinc-400 dark:bg-zinc-800 dark:text-zinc-500">
          soon
        </span>
      </span>
    );
  }
  return (
    <Link
      href={item.href}
      aria-current={active ? 'page' : undefined}
      className={cx(
        base,
        focusRing,
        active
          ? 'bg-indigo-50 font-medium text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300'
          : 'text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100',
      )}
    >
      <Icon />
      {item.label}
    </Link>
  );
}
