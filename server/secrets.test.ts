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
    expect(() => secrets.decrypt(`v1.${raw.toString('base64')}`, 'daemon:1')).toThrow();
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

  it('refuses a short HANGAR_SECRET', () => {
    expect(() => new Secrets('short')).toThrow(/16 characters/);
  });
});
