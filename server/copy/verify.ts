import crypto from 'node:crypto';
import type { LxdInstance } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { instancePath, type InstanceEnd } from './plan';

/** How many files of /etc are compared by checksum between the source and the copy. */
const SAMPLE_FILES = 4;

export interface Verification {
  /** Local config keys of the source the copy lacks (the other kind of daemon does not know them). */
  droppedKeys: string[];
  /** Files compared, with their SHA-256. */
  files: Record<string, string>;
}

/** Files of the source and their SHA-256, to be compared with the copy's. */
export type SourceSample = readonly (readonly [string, string])[];

/**
 * Reads the source's side of the file sample. The copy task starts it at once, beside the transfer
 * (the first file read of a stopped instance makes the daemon mount it, a few hundred ms), so that
 * only the target's side is left once the copy is there.
 */
export function sampleSource(source: InstanceEnd): Promise<SourceSample> {
  const sample = sampleFiles(source).then(async (candidates) => {
    const sums = await Promise.all(candidates.map(async (file) => [file, await checksum(source, file)] as const));
    return sums.filter((entry): entry is readonly [string, string] => entry[1] !== null).slice(0, SAMPLE_FILES);
  });
  // Awaited by verifyCopy; a copy that fails earlier never reads it.
  sample.catch(() => undefined);
  return sample;
}

/**
 * Checks that the copy on the target is the source: its profiles, local devices and config (but
 * volatile keys and those the target refused, named in `droppedKeys`), and the SHA-256 of a sample
 * of files read through both daemons' file APIs. Throws, naming the difference, when they differ.
 */
export async function verifyCopy(
  sourceSample: Promise<SourceSample>,
  sourceInstance: LxdInstance,
  target: InstanceEnd,
  options: { allowedDrops: ReadonlySet<string>; poolChanged: boolean },
): Promise<Verification> {
  const [copy, sample] = await Promise.all([target.client.get<LxdInstance>(instancePath(target)), sourceSample]);
  const differences: string[] = [];
  const droppedKeys: string[] = [];
  for (const [key, value] of Object.entries(sourceInstance.config ?? {})) {
    if (key.startsWith('volatile.') || key.startsWith('image.')) continue;
    if (!(key in (copy.config ?? {}))) {
      if (options.allowedDrops.has(key)) droppedKeys.push(key);
      else differences.push(`config ${key} is missing`);
    } else if (copy.config[key] !== value) differences.push(`config ${key} is "${copy.config[key]}", not "${value}"`);
  }
  for (const key of options.allowedDrops) {
    if (key.startsWith('volatile.') && key in (sourceInstance.config ?? {}) && !droppedKeys.includes(key)) droppedKeys.push(key);
  }
  if (JSON.stringify(sourceInstance.profiles) !== JSON.stringify(copy.profiles)) {
    differences.push(`profiles are ${copy.profiles.join(', ')}, not ${sourceInstance.profiles.join(', ')}`);
  }
  for (const [name, device] of Object.entries(sourceInstance.devices ?? {})) {
    const other = copy.devices?.[name];
    if (!other) differences.push(`device ${name} is missing`);
    else {
      for (const [k, v] of Object.entries(device)) {
        if (k === 'pool' && options.poolChanged) continue;
        if (other[k] !== v) differences.push(`device ${name}.${k} is "${other[k]}", not "${v}"`);
      }
    }
  }
  const files: Record<string, string> = {};
  const copies = await Promise.all(sample.map(([file]) => checksum(target, file)));
  sample.forEach(([file, a], i) => {
    const b = copies[i];
    if (a !== b) differences.push(`${file} differs (${a.slice(0, 12)} ≠ ${b?.slice(0, 12) ?? 'missing'})`);
    files[file] = a;
  });
  if (differences.length) throw new LxdError(500, `the copy on ${target.row.name} differs from the source: ${differences.join('; ')}`, 'verify_failed');
  return { droppedKeys: droppedKeys.sort(), files };
}

async function sampleFiles(end: InstanceEnd): Promise<string[]> {
  try {
    const names = await end.client.get<string[]>(`${instancePath(end, '/files')}&path=${encodeURIComponent('/etc')}`);
    return (Array.isArray(names) ? names : []).sort().slice(0, SAMPLE_FILES * 3).map((n) => `/etc/${n}`);
  } catch {
    return [];
  }
}

/** SHA-256 of a regular file inside the instance; null when it is not one (directory, link, absent). */
export function checksum(end: InstanceEnd, file: string): Promise<string | null> {
  const client: LxdClient = end.client;
  return new Promise((resolve, reject) => {
    const req = client.rawRequest(client.requestOptions('GET', `${instancePath(end, '/files')}&path=${encodeURIComponent(file)}`));
    req.setTimeout(30_000, () => req.destroy(new Error(`reading ${file} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const type = res.headers['x-lxd-type'] ?? res.headers['x-incus-type'];
      if (res.statusCode !== 200 || type !== 'file') {
        res.resume();
        resolve(null);
        return;
      }
      const hash = crypto.createHash('sha256');
      res.on('data', (c: Buffer) => hash.update(c));
      res.on('error', reject);
      res.on('end', () => resolve(hash.digest('hex')));
    });
    req.end();
  });
}
