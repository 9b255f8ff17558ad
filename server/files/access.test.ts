import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parsePublicKey, validatePassword } from './access';

function sshString(data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, data]);
}

/** An ed25519 public key line as OpenSSH writes it. */
function ed25519Line(comment = 'me@host'): { line: string; blob: Buffer } {
  const { publicKey } = crypto.generateKeyPairSync('ed25519');
  const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
  const blob = Buffer.concat([sshString(Buffer.from('ssh-ed25519')), sshString(raw)]);
  return { line: `ssh-ed25519 ${blob.toString('base64')} ${comment}`, blob };
}

describe('parsePublicKey', () => {
  it('reads type, comment and the SHA256 fingerprint ssh-keygen prints', () => {
    const { line, blob } = ed25519Line('alice@laptop');
    const key = parsePublicKey(`  ${line}\n`);
    expect(key).toMatchObject({ line, type: 'ssh-ed25519', comment: 'alice@laptop' });
    expect(key.fingerprint).toBe(`SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`);
  });

  it('refuses what is not one public key line', () => {
    const { line } = ed25519Line();
    for (const bad of ['', 'hello', `${line}\n${line}`, line.replace('ssh-ed25519', 'ssh-rsa'), '-----BEGIN OPENSSH PRIVATE KEY-----', 42]) {
      expect(() => parsePublicKey(bad)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_key' }));
    }
  });
});

describe('validatePassword', () => {
  it('takes any single line and refuses empty, multi-line and NUL', () => {
    expect(validatePassword('c0rrect horse:battery')).toBe('c0rrect horse:battery');
    for (const bad of ['', 'a\nb', 'a\rb', 'a\0b', 'x'.repeat(513), undefined, 5]) {
      expect(() => validatePassword(bad)).toThrow(expect.objectContaining({ status: 400, code: 'invalid_password' }));
    }
  });
});
