import net from 'node:net';
import path from 'node:path';

/** Start-up settings, from the environment variables of docs/api.md. Read once, at start. */
export interface HangarConfig {
  port: number;
  host: string;
  dataDir: string;
  secret: string | undefined;
  adminUser: string;
  adminPassword: string | undefined;
  databaseUrl: string | undefined;
  /** The URL people use to reach Hangar; only decides whether cookies are marked Secure. */
  publicUrl: string | undefined;
  dev: boolean;
  /** A browser session unused for this long ends (HANGAR_SESSION_IDLE_MINUTES). */
  sessionIdleMinutes: number;
  /** Audit records older than this are pruned; 0 keeps them forever (HANGAR_AUDIT_RETENTION_DAYS). */
  auditRetentionDays: number;
  /** A new API token expires after this many days unless it asks otherwise (HANGAR_TOKEN_DAYS). */
  tokenDays: number;
  /** Single sign-on through an OpenID Connect provider, when HANGAR_OIDC_* are set. */
  oidc: OidcConfig | undefined;
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-* headers are believed (HANGAR_TRUSTED_PROXIES). */
  trustedProxies: string[];
  /** Unix socket paths an admin may register as daemons (HANGAR_ALLOWED_SOCKETS). */
  allowedSockets: string[];
  /** On SIGTERM, how long running tasks get to stop and undo before they are handed over (HANGAR_SHUTDOWN_GRACE_S). */
  shutdownGraceSeconds: number;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim that carries the Hangar role (viewer, operator or admin). */
  roleClaim: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): HangarConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  }
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: path.resolve(/*turbopackIgnore: true*/ env.HANGAR_DATA_DIR || './data'),
    secret: env.HANGAR_SECRET || undefined,
    adminUser: env.HANGAR_ADMIN_USER || 'admin',
    adminPassword: env.HANGAR_ADMIN_PASSWORD || undefined,
    databaseUrl: env.DATABASE_URL || undefined,
    publicUrl: env.HANGAR_PUBLIC_URL || env.NEXTAUTH_URL || undefined,
    dev: env.NODE_ENV === 'development',
    sessionIdleMinutes: wholeNumber(env, 'HANGAR_SESSION_IDLE_MINUTES', 60, 1),
    auditRetentionDays: wholeNumber(env, 'HANGAR_AUDIT_RETENTION_DAYS', 90, 0),
    tokenDays: wholeNumber(env, 'HANGAR_TOKEN_DAYS', 90, 1),
    shutdownGraceSeconds: wholeNumber(env, 'HANGAR_SHUTDOWN_GRACE_S', 8, 0),
    oidc: loadOidcConfig(env),
    trustedProxies: list(env.HANGAR_TRUSTED_PROXIES).map((entry) => {
      const [address, bits, extra] = entry.split('/');
      const family = net.isIP(address);
      const max = family === 6 ? 128 : 32;
      if (!family || extra !== undefined || (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))) {
        throw new Error(`HANGAR_TRUSTED_PROXIES takes IP addresses or CIDR ranges, got "${entry}"`);
      }
      return entry;
    }),
    allowedSockets: list(env.HANGAR_ALLOWED_SOCKETS).map((socketPath) => {
      if (!path.isAbsolute(socketPath)) throw new Error(`HANGAR_ALLOWED_SOCKETS takes absolute paths, got "${socketPath}"`);
      return path.normalize(socketPath);
    }),
  };
}

/** A comma-separated variable as its non-empty, trimmed entries. */
function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of at least ${min}, got "${raw}"`);
  }
  return value;
}

function loadOidcConfig(env: NodeJS.ProcessEnv): OidcConfig | undefined {
  const issuer = env.HANGAR_OIDC_ISSUER || undefined;
  const clientId = env.HANGAR_OIDC_CLIENT_ID || undefined;
  const clientSecret = env.HANGAR_OIDC_CLIENT_SECRET || undefined;
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret) {
    throw new Error('single sign-on needs all of HANGAR_OIDC_ISSUER, HANGAR_OIDC_CLIENT_ID and HANGAR_OIDC_CLIENT_SECRET');
  }
  if (!/^https?:\/\//.test(issuer)) throw new Error(`HANGAR_OIDC_ISSUER must be an http(s) URL, got "${issuer}"`);
  return { issuer: issuer.replace(/\/+$/, ''), clientId, clientSecret, roleClaim: env.HANGAR_OIDC_ROLE_CLAIM || 'hangar_role' };
}
