import tls from 'node:tls';
import { LxdError, describeNetworkError } from './errors';
import type { Endpoint } from './endpoint';

export interface ProbedCertificate {
  pem: string;
  fingerprint: string;
  subject: string;
  validTo: string;
}

/**
 * Reads the certificate a daemon presents, so a person can compare its fingerprint before Hangar
 * pins it (trust on first use). This handshake cannot verify anything yet, which is why it sends
 * no client certificate, no request and no data, and closes as soon as the certificate is read.
 * Every later connection verifies against the pinned certificate.
 */
export function probeCertificate(endpoint: Extract<Endpoint, { kind: 'https' }>, timeoutMs = 8000): Promise<ProbedCertificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      servername: undefined,
      minVersion: 'TLSv1.2',
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
    );
    socket.once('error', (error: NodeJS.ErrnoException) => reject(describeNetworkError(error, endpoint.display)));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerX509Certificate();
      socket.destroy();
      if (!cert) return reject(new LxdError(502, `${endpoint.display} presented no certificate`));
      resolve({
        pem: cert.toString(),
        fingerprint: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
        subject: cert.subject.replaceAll('\n', ', '),
        validTo: new Date(cert.validTo).toISOString(),
      });
    });
  });
}
