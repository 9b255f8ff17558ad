import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { joinPath } from '@/lib/files';
import type { LxdInstance } from '@/lib/lxd-types';
import { badRequest, conflict, notFound } from '../http/errors';
import { instancePath } from '../limits/target';
import { download, exec, list, makeDirectory, remove, write, type InstanceTarget } from './instance-files';

/**
 * Root access to an instance: its root password (set inside the running instance with chpasswd,
 * or busybox passwd where there is none) and SSH public keys in a user's authorized_keys.
 */

const MAX_PASSWORD = 512;

export function validatePassword(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw badRequest('password must be a non-empty string', 'invalid_password');
  if (value.length > MAX_PASSWORD) throw badRequest(`password is longer than ${MAX_PASSWORD} characters`, 'invalid_password');
  if (/[\n\r\0]/.test(value)) throw badRequest('password may not contain line breaks or NUL', 'invalid_password');
  return value;
}

const KEY = /^(ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-nistp(?:256|384|521)|sk-(?:ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) ([A-Za-z0-9+/]+={0,3})(?: ([^\r\n]*))?$/;

export interface PublicKey {
  line: string;
  type: string;
  comment: string;
  /** SHA256:… as ssh-keygen -l prints it. */
  fingerprint: string;
}

export function parsePublicKey(value: unknown): PublicKey {
  const line = typeof value === 'string' ? value.trim() : '';
  const match = KEY.exec(line);
  if (!match) {
    throw badRequest('key must be one OpenSSH public key line: "ssh-ed25519 AAAA… comment" (ssh-rsa, ecdsa-sha2-*, ssh-ed25519)', 'invalid_key');
  }
  const blob = Buffer.from(match[2], 'base64');
  // The blob starts with its own type name: a key pasted with the wrong prefix is caught here.
  const nameLength = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  if (nameLength <= 0 || blob.subarray(4, 4 + nameLength).toString('latin1') !== match[1]) {
    throw badRequest(`the key data is not a ${match[1]} key`, 'invalid_key');
  }
  const fingerprint = `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  return { line, type: match[1], comment: match[3] ?? '', fingerprint };
}

async function requireRunning(target: InstanceTarget): Promise<void> {
  const instance = await target.client.get<LxdInstance>(instancePath(target));
  if (instance.status !== 'Running') {
    throw conflict(`${target.name} is ${instance.status.toLowerCase()}: start it to change its password`, 'instance_not_running');
  }
}

const SET_PASSWORD = [
  'f="$1"; p=$(cat "$f"); rm -f "$f"',
  'if command -v chpasswd >/dev/null 2>&1; then printf "root:%s\\n" "$p" | chpasswd',
  'else printf "%s\\n%s\\n" "$p" "$p" | passwd root >/dev/null 2>&1; fi',
].join('\n');

/**
 * The password travels in a file readable by root only, never on a command line or in the
 * operation's environment (which the daemon shows to anyone who may list operations); the script
 * removes it before it does anything else, and Hangar removes it again whatever happened.
 */
export async function setRootPassword(target: InstanceTarget, password: string): Promise<void> {
  await requireRunning(target);
  const secret = `/.hangar-passwd-${crypto.randomBytes(6).toString('hex')}`;
  try {
    await write(target, secret, Readable.from([Buffer.from(password)]), { uid: 0, gid: 0, mode: '0600' });
    const { code } = await exec(target, ['/bin/sh', '-c', SET_PASSWORD, 'sh', secret]);
    if (code !== 0) throw conflict(`setting the password failed inside ${target.name} (exit code ${code})`, 'password_failed');
  } finally {
    await remove(target, secret).catch(() => undefined);
  }
}

interface Account {
  uid: number;
  gid: number;
  home: string;
}

async function account(target: InstanceTarget, user: string): Promise<Account> {
  const { body } = await download(target, '/etc/passwd');
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
    const [name, , uid, gid, , home] = line.split(':');
    if (name === user && home) return { uid: Number(uid), gid: Number(gid), home };
  }
  throw notFound(`there is no user ${user} in ${target.name}'s /etc/passwd`);
}

async function readIfThere(target: InstanceTarget, path: string): Promise<string> {
  const parent = await list(target, path.slice(0, path.lastIndexOf('/')) || '/');
  if (!parent.entries?.some((e) => e.name === path.slice(path.lastIndexOf('/') + 1))) return '';
  const { body } = await download(target, path);
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Adds a key to the user's ~/.ssh/authorized_keys (0700 directory and 0600 file, owned by the
 * user) through the daemon's file API, so it works on a stopped instance too. A key already
 * there is not added twice.
 */
export async function addAuthorizedKey(target: InstanceTarget, key: PublicKey, user = 'root') {
  if (!/^[a-z_][a-z0-9_.-]*\$?$/i.test(user)) throw badRequest('user must be a user name', 'invalid_user');
  const who = await account(target, user);
  const sshDir = joinPath(who.home, '.ssh');
  const home = await list(target, who.home);
  if (!home.entries?.some((e) => e.name === '.ssh')) await makeDirectory(target, sshDir, { uid: who.uid, gid: who.gid, mode: '0700' });
  const file = joinPath(sshDir, 'authorized_keys');
  const existing = await readIfThere(target, file);
  const blob = key.line.split(' ')[1];
  if (existing.split('\n').some((l) => l.split(/\s+/).includes(blob))) return { user, path: file, added: false };
  const content = `${existing}${existing && !existing.endsWith('\n') ? '\n' : ''}${key.line}\n`;
  await write(target, file, Readable.from([Buffer.from(content)]), { uid: who.uid, gid: who.gid, mode: '0600' });
  return { user, path: file, added: true };
}
