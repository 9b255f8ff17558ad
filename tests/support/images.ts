import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lab } from './lab';

export interface TestImage {
  dir: string;
  /** One tarball with metadata.yaml and rootfs/. */
  unified: string;
  /** The same image split in two: metadata tarball and rootfs tarball. */
  metadata: string;
  rootfs: string;
  description: string;
  remove(): void;
}

/**
 * The lab's busybox image with its own description, so its fingerprint differs from the `busybox`
 * image every daemon already has (a daemon refuses a second copy of the same image).
 */
export function makeTestImage(marker: string): TestImage {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-image-'));
  execFileSync('tar', ['-xzf', lab.image, '-C', dir]);
  const description = `hangar test image ${marker}`;
  const meta = path.join(dir, 'metadata.yaml');
  fs.writeFileSync(meta, fs.readFileSync(meta, 'utf8').replace(/description: .*/, `description: "${description}"`));
  const unified = path.join(dir, 'unified.tar.gz');
  const metadata = path.join(dir, 'meta.tar.gz');
  const rootfs = path.join(dir, 'rootfs.tar.gz');
  execFileSync('tar', ['-czf', unified, '-C', dir, 'metadata.yaml', 'rootfs']);
  execFileSync('tar', ['-czf', metadata, '-C', dir, 'metadata.yaml']);
  execFileSync('tar', ['-czf', rootfs, '-C', path.join(dir, 'rootfs'), '.']);
  return { dir, unified, metadata, rootfs, description, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
