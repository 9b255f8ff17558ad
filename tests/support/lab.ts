import { execFileSync } from 'node:child_process';
import { labEnvironment, labTrustToken } from '../../scripts/lab-register';

/** The local lab of real daemons started by scripts/lab.sh, as tests see it. */
export type LabDaemon = 'alpha' | 'beta' | 'gamma';

const env = labEnvironment();

export const lab = {
  password: env.HANGAR_LAB_TRUST_PASSWORD,
  image: env.HANGAR_LAB_IMAGE,
  daemons: {
    alpha: { url: env.HANGAR_LAB_ALPHA_URL, kind: 'lxd', cli: 'lxc', dirVar: 'LXD_DIR', dir: env.HANGAR_LAB_ALPHA_LXD_DIR },
    beta: { url: env.HANGAR_LAB_BETA_URL, kind: 'lxd', cli: 'lxc', dirVar: 'LXD_DIR', dir: env.HANGAR_LAB_BETA_LXD_DIR },
    gamma: { url: env.HANGAR_LAB_GAMMA_URL, kind: 'incus', cli: 'incus', dirVar: 'INCUS_DIR', dir: env.HANGAR_LAB_GAMMA_INCUS_DIR },
  },
} as const;

/** Runs the daemon's own CLI (lxc or incus) against a lab daemon and returns its stdout. */
export function cli(daemon: LabDaemon, args: string[], input?: string): string {
  const d = lab.daemons[daemon];
  return execFileSync(d.cli, args, {
    encoding: 'utf8',
    input,
    env: { ...process.env, [d.dirVar]: d.dir },
    stdio: ['pipe', 'pipe', 'pipe'],
    timeout: 120_000,
  });
}

/** A fresh single-use trust token for a client called `name` on a lab daemon. */
export const trustToken = (daemon: LabDaemon, name: string): string => labTrustToken(daemon, name);

/** A name that will not collide with another test's, valid as an LXD instance name. */
let named = 0;
/** A fresh instance name: the counter keeps names made in the same millisecond apart, the random part other processes'. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(named++).toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** Deletes an instance with the CLI whatever its state; ignores "not found". */
export function forceDelete(daemon: LabDaemon, name: string, project = 'default'): void {
  try {
    cli(daemon, ['delete', '--force', `--project=${project}`, name]);
  } catch {
    /* already gone */
  }
}
