import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './hangar';

export interface ScratchDaemon {
  url: string;
  password: string;
  /** Shuts the daemon down (it then refuses connections); idempotent. */
  stop(): void;
  /** Stops it and deletes its directory. */
  destroy(): void;
}

/**
 * A throwaway LXD daemon of its own (own LXD_DIR, own port, no pool, no instances) for tests
 * that stop a daemon mid-test without disturbing the lab's shared daemons.
 */
export async function startScratchLxd(): Promise<ScratchDaemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-scratch-lxd-'));
  const port = await freePort();
  const password = 'scratch-password';
  const env = { ...process.env, LXD_DIR: dir };
  const child = spawn('lxd', ['--group', 'root', '--logfile', path.join(dir, 'lxd.log')], {
    env,
    detached: true,
    stdio: 'ignore',
  });
  child.unref();
  execFileSync('lxd', ['waitready', '--timeout', '30'], { env });
  execFileSync('lxd', ['init', '--preseed'], {
    env,
    input: `config:\n  core.https_address: 127.0.0.1:${port}\n  core.trust_password: ${password}\n`,
  });
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      execFileSync('lxd', ['shutdown', '--timeout', '20'], { env, stdio: 'ignore' });
    } catch {
      if (child.pid) process.kill(child.pid, 'SIGKILL');
    }
  };
  return {
    url: `https://127.0.0.1:${port}`,
    password,
    stop,
    destroy: () => {
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
