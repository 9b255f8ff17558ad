import { HELP_TOPIC_IDS, type HelpTopic } from './help-topics';

const TITLES: Record<HelpTopic, string> = {
  dashboard: 'Dashboard',
  instances: 'Instances',
  instance: 'An instance',
  terminal: 'Terminal and console',
  limits: 'Limits and presets',
  snapshots: 'Snapshots and schedules',
  images: 'Images',
  profiles: 'Profiles',
  operations: 'Operations',
  daemons: 'Daemons',
  users: 'Users and roles',
  audit: 'Audit log',
  settings: 'Settings, tokens and shares',
  shortcuts: 'Keyboard shortcuts',
};

/** The help page's sections in order, with their titles. */
export const HELP_TOPICS = HELP_TOPIC_IDS.map((id) => ({ id, title: TITLES[id] }));
