/**
 * The sections of the help page (/help), and which one each console page links to. One list, so
 * the page, its links and the command palette cannot drift apart. The titles live in
 * help-titles.ts, loaded only with the help page and the palette (the top bar's link needs ids).
 */
export const HELP_TOPIC_IDS = [
  'dashboard',
  'instances',
  'instance',
  'terminal',
  'limits',
  'snapshots',
  'images',
  'profiles',
  'operations',
  'daemons',
  'users',
  'audit',
  'settings',
  'shortcuts',
] as const;

export type HelpTopic = (typeof HELP_TOPIC_IDS)[number];

/** The list pages with a section of their own; anything else under /instances/ is one instance. */
const PAGES: [string, HelpTopic][] = [
  ['/instances', 'instances'],
  ['/snapshots', 'snapshots'],
  ['/images', 'images'],
  ['/profiles', 'profiles'],
  ['/operations', 'operations'],
  ['/daemons', 'daemons'],
  ['/users', 'users'],
  ['/audit', 'audit'],
  ['/settings', 'settings'],
];

const TAB_TOPICS: Partial<Record<string, HelpTopic>> = {
  terminal: 'terminal',
  console: 'terminal',
  limits: 'limits',
  snapshots: 'snapshots',
};

/** The help section for a console page: `/instances/d/n?tab=limits` → limits. */
export function helpTopicFor(pathname: string, tab: string | null): HelpTopic {
  if (pathname.startsWith('/instances/')) return (tab && TAB_TOPICS[tab]) || 'instance';
  return PAGES.find(([path]) => pathname === path || pathname.startsWith(`${path}/`))?.[1] ?? 'dashboard';
}

export const helpHref = (topic: HelpTopic) => `/help#${topic}`;
