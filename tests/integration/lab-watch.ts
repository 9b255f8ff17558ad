import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll } from 'vitest';

/**
 * Before each test file: a lab daemon that died during an earlier file (LXD 5.0.2 has crashed under
 * these tests before) is named and started again, so one crash fails the file it happened in instead
 * of every file after it, each waiting out its time limits.
 */
const LAB = path.resolve(process.env.HANGAR_LAB_DIR ?? '/var/lib/hangar-lab');
const ROOT = path.resolve(__dirname, '../..');

function alive(name: string): boolean {
  try {
    const pid = fs.readFileSync(path.join(LAB, `${name}.pid`), 'utf8').trim();
    return /^\d+$/.test(pid) && fs.existsSync(`/proc/${pid}`);
  } catch {
    return false;
  }
}

beforeAll(() => {
  const dead = ['alpha', 'beta1', 'beta2', 'gamma'].filter((n) => fs.existsSync(path.join(LAB, `${n}.initialised`)) && !alive(n));
  if (dead.length === 0) return;
  console.error(`[lab] ${dead.join(', ')} died before this file (see ${LAB}/<name>.log); starting the lab again`);
  execFileSync('bash', [path.join(ROOT, 'scripts/lab.sh'), 'up'], { stdio: 'inherit', timeout: 300_000 });
}, 320_000);
