import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Secrets } from './secrets';

describe('Secrets', () => {
  const secrets = new Secrets('a-secret-of-enough-length');

  it('round-trips a private key through AES-256-GCM', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n';
    const sealed = secrets.encrypt(pem, 'daemon:1');
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(secrets.decrypt(sealed, 'daemon:1')).toBe(pem);
  });

  it('uses a fresh IV each time', () => {
    expect(secrets.encrypt('x', 'c')).not.toBe(secrets.encrypt('x', 'c'));
  });

  it('refuses a ciphertext moved to another context, tampered with, or sealed by another key', () => {
    const sealed = secrets.encrypt('key', 'daemon:1');
    expect(() => secrets.decrypt(sealed, 'daemon:2')).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => secrets.decrypt(`v2.${raw.toString('base64')}`, 'daemon:1')).toThrow();
    expect(() => new Secrets('another-secret-of-length').decrypt(sealed, 'daemon:1')).toThrow();
  });

  it('derives different session secrets from different material', () => {
    expect(new Secrets('material-one-xxxxxxxx').sessionSecret).not.toBe(new Secrets('material-two-xxxxxxxx').sessionSecret);
  });

  it('generates a secret into the data dir with mode 0600 and reuses it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-secret-'));
    const first = Secrets.load(undefined, dir);
    const stat = fs.statSync(path.join(dir, 'secret'));
    expect(stat.mode & 0o777).toBe(0o600);
    const sealed = first.encrypt('x', 'c');
    expect(Secrets.load(undefined, dir).decrypt(sealed, 'c')).toBe('x');
  });

  it('stretches the material: keys and session secret are not a plain HKDF of it any more', () => {
    const plain = Buffer.from(crypto.hkdfSync('sha256', 'a-secret-of-enough-length', 'hangar', 'hangar/sessions/v1', 32));
    expect(secrets.sessionSecret).not.toBe(plain.toString('base64url'));
    expect(secrets.encrypt('x', 'c')).toMatch(/^v2\./);
  });

  it('still opens a key sealed before the stretching (v1), and marks it for re-sealing', () => {
    const sealed = legacySeal('a-secret-of-enough-length', 'the key', 'daemon:1');
    expect(Secrets.isLegacy(sealed)).toBe(true);
    expect(secrets.decrypt(sealed, 'daemon:1')).toBe('the key');
    expect(() => secrets.decrypt(sealed, 'daemon:2')).toThrow();
  });

  it('refuses a short HANGAR_SECRET', () => {
    expect(() => new Secrets('short')).toThrow(/16 characters/);
  });
});

/** How Hangar sealed keys before HANGAR_SECRET was stretched. */
function legacySeal(material: string, plaintext: string, context: string): string {
  const key = Buffer.from(crypto.hkdfSync('sha256', material, 'hangar', 'hangar/private-keys/v1', 32));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}
