// What the working tree holds: the commit plus a hash of every uncommitted change (tracked and
// untracked files). `npm run build` records it in .hangar/build-rev; the demo rebuilds only when
// the tree no longer matches it.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BUILD_REV_FILE = path.join(ROOT, '.hangar', 'build-rev');

function git(...args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 << 20 });
  } catch {
    return '';
  }
}

export function workingTreeRev() {
  const hash = crypto.createHash('sha1').update(git('diff', 'HEAD', '--binary'));
  for (const file of git('ls-files', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean)) {
    hash.update(file).update(fs.readFileSync(path.join(ROOT, file)));
  }
  return `${git('rev-parse', 'HEAD').trim() || 'no-commit'}-${hash.digest('hex').slice(0, 12)}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(workingTreeRev());
