/**
 * The sections of the help page (/help), and which one each console page links to. One list, so
 * the page, its links and the command palette cannot drift apart.
 */
export const HELP_TOPICS = [
  { id: 'dashboard', title: 'Dashboard', path: '/' },
  { id: 'instances', title: 'Instances', path: '/instances' },
  { id: 'instance', title: 'An instance', path: '/instances/' },
  { id: 'terminal', title: 'Terminal and console', path: null },
  { id: 'limits', title: 'Limits and presets', path: null },
  { id: 'snapshots', title: 'Snapshots and schedules', path: '/snapshots' },
  { id: 'images', title: 'Images', path: '/images' },
  { id: 'profiles', title: 'Profiles', path: '/profiles' },
  { id: 'operations', title: 'Operations', path: '/operations' },
  { id: 'daemons', title: 'Daemons', path: '/daemons' },
  { id: 'users', title: 'Users and roles', path: '/users' },
  { id: 'audit', title: 'Audit log', path: '/audit' },
  { id: 'settings', title: 'Settings, tokens and shares', path: '/settings' },
  { id: 'shortcuts', title: 'Keyboard shortcuts', path: null },
] as const;

export type HelpTopic = (typeof HELP_TOPICS)[number]['id'];

const TAB_TOPICS: Partial<Record<string, HelpTopic>> = {
  terminal: 'terminal',
  console: 'terminal',
  limits: 'limits',
  snapshots: 'snapshots',
};

/** The help section for a console page: `/instances/d/n?tab=limits` → limits. */
export function helpTopicFor(pathname: string, tab: string | null): HelpTopic {
  if (pathname.startsWith('/instances/')) return (tab && TAB_TOPICS[tab]) || 'instance';
  let best: HelpTopic = 'dashboard';
  let length = 0;
  for (const topic of HELP_TOPICS) {
    const path = topic.path;
    if (!path || path === '/instances/') continue;
    const matches = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
    if (matches && path.length > length) {
      best = topic.id;
      length = path.length;
    }
  }
  return best;
}

export const helpHref = (topic: HelpTopic) => `/help#${topic}`;

