import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './hangar';

const BIN = '/usr/lib/postgresql/15/bin';

export interface Postgres {
  url: string;
  stop(): void;
}

/** A throwaway PostgreSQL 15 cluster (Debian's package) on a free loopback port, owned by `postgres`. */
export async function startPostgres(): Promise<Postgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-pg-'));
  fs.chmodSync(dir, 0o755);
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPostgres = (cmd: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { stdio: 'pipe', encoding: 'utf8' });
  execFileSync('chown', ['postgres:postgres', dir]);
  asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'hangar', '--no-sync']);
  asPostgres('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  asPostgres('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'hangar', 'hangar']);
  return {
    url: `postgres://hangar@127.0.0.1:${port}/hangar`,
    stop: () => {
      try {
        asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
