import { execFile, execFileSync } from 'node:child_process';
import { labEnvironment, labTrustToken } from '../../scripts/lab-register';
import { shortStamp } from '../../scripts/host-link.cjs';

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

/** cli() without blocking the caller's event loop: what arrives meanwhile (events, replies) is handled as it comes. */
export function cliAsync(daemon: LabDaemon, args: string[]): Promise<string> {
  const d = lab.daemons[daemon];
  return new Promise((resolve, reject) => {
    execFile(d.cli, args, { encoding: 'utf8', env: { ...process.env, [d.dirVar]: d.dir }, timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${d.cli} ${args.join(' ')}: ${stderr.trim() || error.message}`)) : resolve(stdout),
    );
  });
}

/**
 * The beta cluster member Hangar does not talk to (Hangar registers the first one): an instance
 * placed there proves requests reach it through the cluster.
 */
export function farMember(): string {
  const members = clusterMembers();
  return members[members.length - 1];
}

/** The beta cluster's member names. */
export function clusterMembers(): string[] {
  return (JSON.parse(cli('beta', ['query', '/1.0/cluster/members'])) as string[]).map((m) => m.split('/').pop()!);
}

/** `lxc launch`/`incus launch` (or `init` when not started), on beta's far member. */
export function launchBusybox(daemon: LabDaemon, name: string, start = true): void {
  cli(daemon, [start ? 'launch' : 'init', 'busybox', name, ...(daemon === 'beta' ? ['--target', farMember()] : [])]);
}

/** A fresh single-use trust token for a client called `name` on a lab daemon. */
export const trustToken = (daemon: LabDaemon, name: string): string => labTrustToken(daemon, name);

/** A name that will not collide with another test's, valid as an LXD instance name. */
let named = 0;
/** A fresh instance name: the counter keeps names made in the same millisecond apart, the random part other processes'. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${(named++).toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/**
 * A name short enough for a host interface (15 characters) that the lab sweep can still date:
 * for networks and veth pairs a test makes (scripts/host-link.cjs `HOST_LINK`).
 */
export function hostLinkName(): string {
  return `hv${shortStamp()}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;
}

/** Deletes an instance with the CLI whatever its state; ignores "not found". */
export function forceDelete(daemon: LabDaemon, name: string, project = 'default'): void {
  try {
    cli(daemon, ['delete', '--force', `--project=${project}`, name]);
  } catch {
    /* already gone */
  }
}

/**
 * The instances one test file makes, deleted by `removeAll()` in its `afterAll` whatever happened:
 * `name` reserves a fresh name (for an instance made through Hangar), `launch` makes one with the
 * CLI as `launchBusybox` does (started unless `start` is false; `args` instead of beta's far member),
 * `add` records one named elsewhere.
 */
export function throwawayInstances(prefix: string) {
  const made: [LabDaemon, string][] = [];
  const add = (daemon: LabDaemon, name: string) => {
    made.push([daemon, name]);
    return name;
  };
  return {
    add,
    name: (daemon: LabDaemon) => add(daemon, uniqueName(prefix)),
    launch(daemon: LabDaemon, { start = true, args = [] }: { start?: boolean; args?: string[] } = {}): string {
      const name = add(daemon, uniqueName(prefix));
      if (args.length) cli(daemon, [start ? 'launch' : 'init', 'busybox', name, ...args]);
      else launchBusybox(daemon, name, start);
      return name;
    },
    removeAll(): void {
      for (const [daemon, name] of made.splice(0)) forceDelete(daemon, name);
    },
  };
}
