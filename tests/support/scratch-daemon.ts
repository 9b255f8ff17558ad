import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './hangar';

export interface ScratchDaemon {
  /** `https://127.0.0.1:port`, or for an isolated daemon `unix://DIR/unix.socket`. */
  url: string;
  /** Its LXD_DIR (server.crt and server.key live there; the daemon makes new ones at start when they are gone). */
  dir: string;
  password: string;
  /** Shuts the daemon down (it then refuses connections); idempotent. */
  stop(): void;
  /** Kills the daemon process outright, as a crash would; its running containers keep running. */
  kill(): void;
  /** Starts the daemon again on the same directory and port, after stop() or kill(). */
  restart(): void;
  /** Runs `lxc` against this daemon and returns its stdout. */
  cli(args: string[]): string;
  /** Stops it and deletes its directory. */
  destroy(): void;
}

export interface ScratchOptions {
  /** Give it a dir storage pool and a default profile with a root disk (needed for instances). */
  storage?: boolean;
  /** An image tarball to import as `busybox` (implies storage). */
  image?: string;
  /** Its LXD_DIR (made if absent); by default a fresh temporary directory. */
  dir?: string;
  /**
   * Run it in a network namespace of its own with nothing but a loopback: reached through its unix
   * socket, it can reach no other daemon (as a host behind NAT that Hangar reaches but that cannot
   * reach the others), so a pull from another daemon fails for real.
   */
  isolated?: boolean;
}

/**
 * A throwaway LXD daemon of its own (own LXD_DIR, own port; by default no pool, no instances) for
 * tests that stop a daemon mid-test without disturbing the lab's shared daemons.
 */
export async function startScratchLxd(options: ScratchOptions = {}): Promise<ScratchDaemon> {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-scratch-lxd-'));
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const password = 'scratch-password';
  const env = { ...process.env, LXD_DIR: dir };
  let pid: number | undefined;
  const launch = () => {
    const lxd = ['lxd', '--group', 'root', '--logfile', path.join(dir, 'lxd.log')];
    // unshare execs the shell in the new namespace and the shell execs lxd: the pid is the daemon's.
    const [command, ...args] = options.isolated ? ['unshare', '--net', 'sh', '-c', `ip link set lo up && exec ${lxd.join(' ')}`] : lxd;
    const child = spawn(command, args, {
      env,
      // Not the test's directory: a daemon whose working directory is removed cannot run rsync.
      cwd: '/',
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    pid = child.pid;
    execFileSync('lxd', ['waitready', '--timeout', '30'], { env });
  };
  launch();
  const storage = options.storage || options.image !== undefined;
  execFileSync('lxd', ['init', '--preseed'], {
    env,
    input:
      `config:\n  core.https_address: 127.0.0.1:${port}\n  core.trust_password: ${password}\n` +
      (storage
        ? 'storage_pools:\n- name: default\n  driver: dir\nprofiles:\n- name: default\n  devices:\n    root: {path: /, pool: default, type: disk}\n'
        : ''),
  });
  const cli = (args: string[]) => execFileSync('lxc', args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (options.image) cli(['image', 'import', options.image, '--alias', 'busybox']);

  let running = true;
  const stop = () => {
    if (!running) return;
    running = false;
    try {
      execFileSync('lxd', ['shutdown', '--timeout', '20'], { env, stdio: 'ignore' });
    } catch {
      if (pid) process.kill(pid, 'SIGKILL');
    }
  };
  const kill = () => {
    if (!running) return;
    running = false;
    if (pid) process.kill(pid, 'SIGKILL');
  };
  return {
    url: options.isolated ? `unix://${dir}/unix.socket` : `https://127.0.0.1:${port}`,
    dir,
    password,
    stop,
    kill,
    restart: () => {
      if (running) return;
      launch();
      running = true;
    },
    cli,
    destroy: () => {
      if (running) {
        // Instances first, so that no container outlives its daemon's directory.
        for (const name of cli(['list', '--all-projects', '--format', 'csv', '-c', 'n']).split('\n').filter(Boolean)) {
          try {
            cli(['delete', '--force', name]);
          } catch {
            /* gone already */
          }
        }
      }
      stop();
      const mounts = execFileSync('findmnt', ['-rn', '-o', 'TARGET'], { encoding: 'utf8' })
        .split('\n')
        .filter((m) => m.startsWith(`${dir}/`))
        .sort()
        .reverse();
      for (const m of mounts) execFileSync('umount', ['-l', m]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
