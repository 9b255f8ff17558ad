import { AuditLog } from './audit/audit-log';
import { LoginThrottle } from './auth/login-throttle';
import { generatePassword } from './auth/passwords';
import { PrincipalCache } from './auth/principal-cache';
import { Revocations } from './auth/revocations';
import { SessionStore } from './auth/sessions';
import { TokenStore } from './auth/tokens';
import { UserStore } from './auth/users';
import { loadConfig, type HangarConfig } from './config';
import { openDatabase, type Db } from './db/database';
import { DaemonRegistry } from './daemons/registry';
import { EventHub, stateRefreshSeconds } from './events/hub';
import { MarkedCache } from './snapshots/marked-cache';
import type { FleetSnapshot } from '@/lib/api-types';
import { HistorySampler, historyIntervalSeconds } from './history/sampler';
import { TrustedProxies } from './http/forwarded';
import { newLimitCaches, type LimitCaches } from './limits/caches';
import { defineCopyUndo } from './copy/undo';
import { Secrets } from './secrets';
import { ShareRevocations } from './shares/revocations';
import { ShareStore, UNKNOWN_SHARE_LIMITS } from './shares/store';
import { TaskRunner } from './tasks/runner';
import { ConsoleClaims } from './terminals/console-claims';

/** Everything the server holds once per process, shared by the custom server's bundle and Next's pages. */
export interface Services {
  config: HangarConfig;
  secrets: Secrets;
  db: Db;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  /** Tells open terminals and event streams that someone's access may have ended. */
  revocations: Revocations;
  /** Who each credential is, kept while the database's auth generation stands. */
  principals: PrincipalCache;
  audit: AuditLog;
  daemons: DaemonRegistry;
  loginThrottle: LoginThrottle;
  /** The live fleet: daemon events and every daemon's instances in memory (started by the server at boot). */
  events: EventHub;
  /** The usage sampler, unless HANGAR_HISTORY_INTERVAL_S is 0 (started by the server at boot). */
  history: HistorySampler | undefined;
  /** Hangar's own long work (copies, moves) and its live events. */
  tasks: TaskRunner;
  /** Which peers' X-Forwarded-* headers are believed (HANGAR_TRUSTED_PROXIES). */
  proxies: TrustedProxies;
  /** Which instances' consoles are attached (one at a time each). */
  consoles: ConsoleClaims;
  /** Share links; revoking one ends its open streams through `shareRevocations`. */
  shares: ShareStore;
  shareRevocations: ShareRevocations;
  /** Unknown share tokens per client address (429 past the limit). */
  shareThrottle: LoginThrottle;
  /** Host facts and CPU samples the limits remember between requests. */
  limitCaches: LimitCaches;
  /** Each daemon's snapshots, kept while its events report no change (server/snapshots/list.ts). */
  snapshotLists: MarkedCache<FleetSnapshot[]>;
}

declare global {
  // Next's pages are a second bundle in the same process: the global makes them find the server's set.
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
  const shareRevocations = new ShareRevocations();
  const daemons = new DaemonRegistry(db, secrets);
  const s: Services = {
    config,
    secrets,
    db,
    users: new UserStore(db, changed),
    sessions: new SessionStore(db, changed),
    tokens: new TokenStore(db, config.tokenDays, changed),
    revocations,
    principals: new PrincipalCache(db),
    audit: new AuditLog(db),
    daemons,
    loginThrottle: new LoginThrottle(),
    events: undefined as unknown as EventHub,
    history: undefined,
    tasks: new TaskRunner(db),
    proxies: new TrustedProxies(config.trustedProxies),
    consoles: new ConsoleClaims(),
    shares: new ShareStore(db, daemons, shareRevocations),
    shareRevocations,
    shareThrottle: new LoginThrottle(UNKNOWN_SHARE_LIMITS),
    limitCaches: newLimitCaches(),
    snapshotLists: new MarkedCache((daemonId) => s.events.changeMark(daemonId)),
  };
  // The sampler reads the model: its states are refreshed at least as often as it samples.
  const refreshS = historyS > 0 ? Math.min(stateRefreshSeconds(), historyS) : stateRefreshSeconds();
  defineCopyUndo(s);
  s.events = new EventHub(s, { refreshS });
  s.history = historyS > 0 ? new HistorySampler(s, historyS) : undefined;
  await ensureFirstAdmin(s);
  const resealed = await s.daemons.resealKeys();
  if (resealed > 0) console.log(`[hangar] re-sealed ${resealed} stored private key(s) under the stretched HANGAR_SECRET`);
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
