import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { BackupConfigFilter } from './backup-tar';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A backup-shaped tarball made by GNU tar: index.yaml, backup.yaml, a long path and a 3 MB file. */
function makeBackup(): { tar: Buffer; big: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-tar-'));
  dirs.push(dir);
  const root = path.join(dir, 'backup');
  fs.mkdirSync(path.join(root, 'container/rootfs', 'd'.repeat(120)), { recursive: true });
  const config = { 'volatile.uuid.generation': 'abc', 'volatile.uuid': 'u', 'limits.cpu': '1' };
  fs.writeFileSync(path.join(root, 'index.yaml'), YAML.stringify({ name: 'c1', config: { container: { config } } }));
  fs.writeFileSync(path.join(root, 'container/backup.yaml'), YAML.stringify({ container: { name: 'c1', config, expanded_config: config } }));
  fs.writeFileSync(path.join(root, 'container/rootfs', 'd'.repeat(120), 'long.txt'), 'long name');
  const bigData = crypto.randomBytes(3 * 1024 * 1024 + 17);
  fs.writeFileSync(path.join(root, 'container/rootfs/big'), bigData);
  const tar = execFileSync('tar', ['-C', dir, '-cf', '-', 'backup'], { maxBuffer: 64 * 1024 * 1024 });
  return { tar, big: crypto.createHash('sha256').update(bigData).digest('hex') };
}

async function filtered(tar: Buffer, drop: string[], chunk: number): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < tar.length; i += chunk) pieces.push(tar.subarray(i, i + chunk));
  const out: Buffer[] = [];
  const filter = Readable.from(pieces).pipe(new BackupConfigFilter(new Set(drop)));
  for await (const c of filter) out.push(c as Buffer);
  return Buffer.concat(out);
}

function extract(tar: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'backup-tar-x-'));
  dirs.push(dir);
  execFileSync('tar', ['-C', dir, '-xf', '-'], { input: tar });
  return path.join(dir, 'backup');
}

describe('BackupConfigFilter', () => {
  it.each([97, 511, 4096, 65536])('drops the keys from every config map, whatever the chunk size (%i), and passes the rest byte for byte', async (chunk) => {
    const { tar, big } = makeBackup();
    const out = extract(await filtered(tar, ['volatile.uuid.generation'], chunk));
    const index = YAML.parse(fs.readFileSync(path.join(out, 'index.yaml'), 'utf8'));
    expect(index.config.container.config).toEqual({ 'volatile.uuid': 'u', 'limits.cpu': '1' });
    const backup = YAML.parse(fs.readFileSync(path.join(out, 'container/backup.yaml'), 'utf8'));
    expect(backup.container.config).toEqual({ 'volatile.uuid': 'u', 'limits.cpu': '1' });
    expect(backup.container.expanded_config).not.toHaveProperty('volatile.uuid.generation');
    const data = fs.readFileSync(path.join(out, 'container/rootfs/big'));
    expect(crypto.createHash('sha256').update(data).digest('hex')).toBe(big);
    expect(fs.readFileSync(path.join(out, 'container/rootfs', 'd'.repeat(120), 'long.txt'), 'utf8')).toBe('long name');
  });

  it('changes nothing when there is nothing to drop', async () => {
    const { tar } = makeBackup();
    expect((await filtered(tar, [], 1000)).equals(tar)).toBe(true);
  });
});
