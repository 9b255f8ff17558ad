import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const SECRET_FILE = 'secret';

/**
 * Key material derived from HANGAR_SECRET (or a secret generated into the data dir, mode 0600).
 * The material is first stretched with scrypt, so a guessable HANGAR_SECRET still costs a guesser
 * dearly per try against a session cookie or a sealed key; separate keys are then derived for each
 * purpose so that one can never be used as another.
 */
export class Secrets {
  /** v2: from the stretched material (every new ciphertext); v1: straight HKDF, kept to read older rows. */
  private readonly keys: Record<'v1' | 'v2', Buffer>;
  /** Signs and encrypts next-auth session cookies. */
  readonly sessionSecret: string;

  constructor(material: string) {
    if (material.length < 16) throw new Error('HANGAR_SECRET must be at least 16 characters');
    // A fixed salt: replicas sharing one PostgreSQL share HANGAR_SECRET but no data dir.
    const stretched = crypto.scryptSync(material, 'hangar/secret/v2', 32, STRETCH);
    this.keys = { v1: derive(material, 'hangar/private-keys/v1', 32), v2: derive(stretched, 'hangar/private-keys/v2', 32) };
    this.sessionSecret = derive(stretched, 'hangar/sessions/v2', 32).toString('base64url');
  }

  static load(secret: string | undefined, dataDir: string): Secrets {
    if (secret) return new Secrets(secret);
    const file = path.join(dataDir, SECRET_FILE);
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      return new Secrets(fs.readFileSync(file, 'utf8').trim());
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const generated = crypto.randomBytes(32).toString('base64url');
    // 'wx' fails if another process created the file in the meantime; then read theirs.
    try {
      fs.writeFileSync(file, generated + '\n', { mode: 0o600, flag: 'wx' });
      return new Secrets(generated);
    } catch {
      return new Secrets(fs.readFileSync(file, 'utf8').trim());
    }
  }

  /** AES-256-GCM; `context` is bound as associated data so a ciphertext cannot be moved to another row. */
  encrypt(plaintext: string, context: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.keys.v2, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `v2.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(sealed: string, context: string): string {
    const version = sealed.slice(0, 2);
    if (sealed[2] !== '.' || (version !== 'v1' && version !== 'v2')) throw new Error('unknown ciphertext format');
    const raw = Buffer.from(sealed.slice(3), 'base64');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.keys[version], raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** True for a ciphertext sealed with the older, unstretched key (see DaemonRegistry.resealKeys). */
  static isLegacy(sealed: string): boolean {
    return sealed.startsWith('v1.');
  }
}

/** scrypt at N=2^15 (~50 ms, 32 MiB), once per start. */
const STRETCH: crypto.ScryptOptions = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(material: string | Buffer, purpose: string, length: number): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', material, 'hangar', purpose, length));
}

/** SHA-256 hex of a high-entropy secret (tokens, share links): enough, since these are never guessable. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

export function randomToken(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(24).toString('base64url')}`;
}
