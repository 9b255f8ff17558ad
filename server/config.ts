import path from 'node:path';

/** Start-up settings, from the environment variables of API.md. Read once, at start. */
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
  };
}
