import { AuditLog } from './audit/audit-log';
import { LoginThrottle } from './auth/login-throttle';
import { generatePassword } from './auth/passwords';
import { Revocations } from './auth/revocations';
import { SessionStore } from './auth/sessions';
import { TokenStore } from './auth/tokens';
import { UserStore } from './auth/users';
import { loadConfig, type HangarConfig } from './config';
import { openDatabase, type Db } from './db/database';
import { DaemonRegistry } from './daemons/registry';
import { EventHub, stateRefreshSeconds } from './events/hub';
import { HistorySampler, historyIntervalSeconds } from './history/sampler';
import { Secrets } from './secrets';
import { TaskRunner } from './tasks/runner';

/** Everything the server holds once per process, shared by the custom server and Next's route bundles. */
export interface Services {
  config: HangarConfig;
  secrets: Secrets;
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  /** Tells open terminals and event streams that someone's access may have ended. */
  revocations: Revocations;
  audit: AuditLog;
  daemons: DaemonRegistry;
  loginThrottle: LoginThrottle;
  /** The live fleet: daemon events and every daemon's instances in memory (started by the server at boot). */
  events: EventHub;
  /** The usage sampler, unless HANGAR_HISTORY_INTERVAL_S is 0 (started by the server at boot). */
  history: HistorySampler | undefined;
  /** Hangar's own long work (copies, moves) and its live events. */
  tasks: TaskRunner;
}

declare global {
  // Next bundles route handlers separately from the custom server; the global makes both share one set.
  var __hangarServices: Promise<Services> | undefined;
}

export function services(): Promise<Services> {
  // `next build` renders pages to find the static ones: one that reached here would open the
  // data dir and create the first admin with a password nobody sees. Fail the build instead.
  if (process.env.NEXT_PHASE === 'phase-production-build') {
    throw new Error('services() was called while `next build` was rendering a page: read headers() or cookies() first');
  }
  globalThis.__hangarServices ??= createServices(loadConfig());
  return globalThis.__hangarServices;
}

async function createServices(config: HangarConfig): Promise<Services> {
  const secrets = Secrets.load(config.secret, config.dataDir);
  const db = await openDatabase(config);
  const revocations = new Revocations();
  const changed = (userId: string) => revocations.changed(userId);
  const historyS = historyIntervalSeconds();
  const s: Services = {
    config,
    secrets,
    db,
    users: new UserStore(db, changed),
    sessions: new SessionStore(db, changed),
    tokens: new TokenStore(db, config.tokenDays, changed),
    revocations,
    audit: new AuditLog(db),
    daemons: new DaemonRegistry(db, secrets),
    loginThrottle: new LoginThrottle(),
    events: undefined as unknown as EventHub,
    history: undefined,
    tasks: new TaskRunner(db),
  };
  // The sampler reads the model: its states are refreshed at least as often as it samples.
  const refreshS = historyS > 0 ? Math.min(stateRefreshSeconds(), historyS) : stateRefreshSeconds();
  s.events = new EventHub(s, { refreshS });
  s.history = historyS > 0 ? new HistorySampler(s, historyS) : undefined;
  await ensureFirstAdmin(s);
  return s;
}

async function ensureFirstAdmin(s: Services): Promise<void> {
  if ((await s.users.count()) > 0) return;
  const password = s.config.adminPassword ?? generatePassword();
  await s.users.create({ username: s.config.adminUser, password, role: 'admin' });
  if (!s.config.adminPassword) {
    // Printed once, at the only moment it exists in clear; it is stored hashed.
    console.log(`[hangar] created admin user "${s.config.adminUser}" with password: ${password}`);
  } else {
    console.log(`[hangar] created admin user "${s.config.adminUser}" from HANGAR_ADMIN_PASSWORD`);
  }
}
