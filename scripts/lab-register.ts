/**
 * Registers the lab's daemons (scripts/lab.sh) with a running Hangar through its public API:
 * alpha by trust password, beta (the cluster) and gamma (Incus) by fresh trust tokens.
 * Used by `npm run demo` and by the tests. Run: tsx scripts/lab-register.ts URL USER PASSWORD
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { DaemonView } from '../lib/api-types';

export type LabDaemonName = 'alpha' | 'beta' | 'gamma';

const LAB_SCRIPT = path.join(__dirname, 'lab.sh');

export function labEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of execFileSync('bash', [LAB_SCRIPT, 'env'], { encoding: 'utf8' }).split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return env;
}

export function labTrustToken(daemon: LabDaemonName, clientName: string): string {
  return execFileSync('bash', [LAB_SCRIPT, 'token', clientName, daemon], { encoding: 'utf8' }).trim();
}

export async function registerLabDaemons(
  base: string,
  bearer: string,
  which: LabDaemonName[] = ['alpha', 'beta', 'gamma'],
): Promise<Record<LabDaemonName, DaemonView>> {
  const env = labEnvironment();
  const out = {} as Record<LabDaemonName, DaemonView>;
  for (const name of which) {
    const url = env[`HANGAR_LAB_${name.toUpperCase()}_URL`];
    const credentials =
      name === 'alpha'
        ? { trustPassword: env.HANGAR_LAB_TRUST_PASSWORD }
        : { trustToken: labTrustToken(name, `hangar-${crypto.randomUUID().slice(0, 8)}`) };
    const res = await fetch(`${base}/api/v1/daemons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name, url, ...credentials }),
    });
    const body = (await res.json()) as DaemonView & { error?: { message: string } };
    if (res.status !== 201) throw new Error(`registering ${name} failed: ${res.status} ${body.error?.message}`);
    out[name] = body;
  }
  return out;
}

async function cli() {
  const [base, username, password] = process.argv.slice(2);
  if (!base || !username || !password) throw new Error('usage: tsx scripts/lab-register.ts URL USER PASSWORD');
  const login = await fetch(`${base}/api/v1/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, name: 'lab-register', expiresInDays: 1 }),
  });
  if (login.status !== 201) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { token } = (await login.json()) as { token: string };
  const existing = (await (await fetch(`${base}/api/v1/daemons`, { headers: { authorization: `Bearer ${token}` } })).json()) as DaemonView[];
  const missing = (['alpha', 'beta', 'gamma'] as const).filter((n) => !existing.some((d) => d.name === n));
  const added = await registerLabDaemons(base, token, missing);
  for (const d of [...existing, ...Object.values(added)]) {
    console.log(`  ${d.name.padEnd(6)} ${d.kind.padEnd(5)} ${d.version.padEnd(7)} ${d.url}  ${d.status}${d.clustered ? ' (cluster)' : ''}`);
  }
  // gamma's public images (lab.sh makes busybox public) as an image server the other daemons launch from.
  const gamma = [...existing, ...Object.values(added)].find((d) => d.name === 'gamma');
  const servers = (await (await fetch(`${base}/api/v1/image-servers`, { headers: { authorization: `Bearer ${token}` } })).json()) as { name: string }[];
  if (gamma && !servers.some((s) => s.name === 'gamma-public')) {
    const res = await fetch(`${base}/api/v1/image-servers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ daemon: gamma.id, name: 'gamma-public' }),
    });
    console.log(res.status === 201 ? '  image server gamma-public: gamma\'s public images' : `  image server not registered: ${res.status} ${await res.text()}`);
  }
}

if (require.main === module) {
  cli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
