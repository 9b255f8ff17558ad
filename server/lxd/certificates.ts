import 'reflect-metadata'; // @peculiar/x509's dependency injection needs it loaded first.
import crypto, { webcrypto } from 'node:crypto';
import os from 'node:os';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' } as const;
const VALIDITY_YEARS = 10;

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
  fingerprint: string;
}

/** SHA-256 of a certificate's DER, lowercase hex without colons: the form LXD uses. */
export function fingerprintOf(certPem: string): string {
  return new crypto.X509Certificate(certPem).fingerprint256.replaceAll(':', '').toLowerCase();
}

/** Accepts "AB:CD:…" or "abcd…" and returns lowercase hex, or null when it is not a SHA-256. */
export function normaliseFingerprint(input: string): string | null {
  const hex = input.replaceAll(':', '').replaceAll(' ', '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** A self-signed EC P-384 client certificate that Hangar presents to one daemon. */
export async function generateClientCertificate(label: string): Promise<ClientCertificate> {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const notBefore = new Date(Date.now() - 60_000);
  const notAfter = new Date(notBefore);
  notAfter.setFullYear(notAfter.getFullYear() + VALIDITY_YEARS);
  const cn = `hangar@${os.hostname()} ${label}`.replace(/[,=+<>#;"\\]/g, '-');
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: crypto.randomBytes(16).toString('hex').replace(/^[89a-f]/, '1'),
    name: `CN=${cn}, O=Hangar`,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const keyPem = crypto.createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({
    format: 'pem',
    type: 'pkcs8',
  }) as string;
  const certPem = cert.toString('pem');
  return { certPem, keyPem, fingerprint: fingerprintOf(certPem) };
}
