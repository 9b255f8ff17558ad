import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fingerprintOf, generateClientCertificate, normaliseFingerprint } from './certificates';
import { decodeTrustToken } from './trust-token';

describe('client certificates', () => {
  it('makes a self-signed EC P-384 client certificate whose key matches', async () => {
    const { certPem, keyPem, fingerprint } = await generateClientCertificate('alpha');
    const cert = new crypto.X509Certificate(certPem);
    const key = crypto.createPrivateKey(keyPem);
    expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.keyUsage).toContain('1.3.6.1.5.5.7.3.2');
    expect(fingerprint).toBe(fingerprintOf(certPem));
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('normalises fingerprints', () => {
    const hex = 'ab'.repeat(32);
    expect(normaliseFingerprint('AB:'.repeat(31) + 'AB')).toBe(hex);
    expect(normaliseFingerprint(hex.toUpperCase())).toBe(hex);
    expect(normaliseFingerprint('abc')).toBeNull();
  });

  it('decodes a trust token and rejects anything else', () => {
    const token = Buffer.from(
      JSON.stringify({ client_name: 'h', fingerprint: 'AA'.repeat(32), addresses: ['127.0.0.1:8443'], secret: 's', expires_at: '0001-01-01T00:00:00Z' }),
    ).toString('base64');
    expect(decodeTrustToken(token)).toMatchObject({ clientName: 'h', fingerprint: 'aa'.repeat(32), addresses: ['127.0.0.1:8443'] });
    expect(decodeTrustToken('a-trust-password')).toBeNull();
  });
});
