import crypto from 'node:crypto';
import path from 'node:path';
import type { DaemonProbe } from '@/lib/api-types';
import type { LxdServer } from '@/lib/lxd-types';
import { ApiError, badRequest, conflict, forbidden } from '../http/errors';
import { generateClientCertificate, normaliseFingerprint } from '../lxd/certificates';
import { LxdClient } from '../lxd/client';
import { parseEndpoint, type Endpoint } from '../lxd/endpoint';
import { LxdError } from '../lxd/errors';
import { probeCertificate, type ProbedCertificate } from '../lxd/fingerprint-probe';
import { decodeTrustToken } from '../lxd/trust-token';
import { validateDaemonName, type DaemonRegistry, type DaemonRow } from './registry';

export interface EnrollInput {
  name?: unknown;
  url?: unknown;
  trustToken?: unknown;
  trustPassword?: unknown;
  fingerprint?: unknown;
}

function endpointOf(url: unknown): Endpoint {
  try {
    return parseEndpoint(typeof url === 'string' ? url : '');
  } catch (error) {
    throw badRequest((error as Error).message, 'invalid_url');
  }
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`, `invalid_${field}`);
  return value;
}

/** Shows a daemon's certificate fingerprint so a person can confirm it before enrolling. */
export async function probeDaemon(url: unknown): Promise<DaemonProbe> {
  const endpoint = endpointOf(url);
  if (endpoint.kind !== 'https') throw badRequest('only https daemons have a certificate to confirm', 'invalid_url');
  const cert = await probeCertificate(endpoint);
  return { url: endpoint.display, fingerprint: cert.fingerprint, subject: cert.subject, validTo: cert.validTo };
}

/**
 * Registers a daemon: for https, pins its certificate, makes Hangar's own client certificate for
 * it and gets that trusted with the token or password. Nothing is stored unless every step worked.
 */
export async function enrollDaemon(registry: DaemonRegistry, input: EnrollInput, allowedSockets: string[]): Promise<DaemonRow> {
  validateDaemonName(input.name);
  const name = input.name;
  const endpoint = endpointOf(input.url);
  // A unix socket speaks with the rights of Hangar's own process: only the sockets the operator of
  // this machine listed in HANGAR_ALLOWED_SOCKETS, never any path an admin of the console types.
  if (endpoint.kind === 'unix' && !allowedSockets.includes(path.normalize(endpoint.socketPath))) {
    throw forbidden(`${endpoint.display} is not in HANGAR_ALLOWED_SOCKETS`, 'socket_not_allowed');
  }
  const trustToken = optionalString(input.trustToken, 'trustToken');
  const trustPassword = optionalString(input.trustPassword, 'trustPassword');
  const expected = optionalString(input.fingerprint, 'fingerprint');
  if (await registry.nameTaken(name)) throw conflict(`a daemon named "${name}" already exists`, 'daemon_exists');

  const id = crypto.randomUUID();
  const now = Date.now();
  const base = { id, name, url: endpoint.display, created_at: now, updated_at: now };

  if (endpoint.kind === 'unix') {
    const client = new LxdClient({ url: endpoint.display });
    try {
      const server = await client.get<LxdServer>('/1.0', 8000);
      if (server.auth !== 'trusted') throw badRequest(`${endpoint.display} does not trust this process`, 'untrusted');
      await registry.insert(
        { ...base, ...identity(server), fingerprint: null, server_cert: null, client_cert: null, client_key: null, client_fingerprint: null },
        null,
      );
      return registry.row(id);
    } finally {
      client.close();
    }
  }

  if (!trustToken && !trustPassword) {
    throw badRequest('give a trustToken (lxc config trust add) or the daemon\'s trustPassword', 'trust_required');
  }
  const probed = await probeCertificate(endpoint);
  checkFingerprint(probed, expected, trustToken);
  const cert = await generateClientCertificate(name);
  const client = new LxdClient({
    url: endpoint.display,
    serverCert: probed.pem,
    fingerprint: probed.fingerprint,
    clientCert: cert.certPem,
    clientKey: cert.keyPem,
  });
  let trusted = false;
  try {
    let server = await client.get<LxdServer>('/1.0', 8000);
    if (server.auth !== 'trusted') {
      await requestTrust(client, `hangar-${name}`, trustToken ?? trustPassword!, Boolean(trustToken));
      trusted = true;
      server = await client.get<LxdServer>('/1.0', 8000);
      if (server.auth !== 'trusted') throw badRequest('the daemon accepted the request but still does not trust Hangar', 'trust_failed');
    }
    await registry.insert(
      {
        ...base,
        ...identity(server),
        fingerprint: probed.fingerprint,
        server_cert: probed.pem,
        client_cert: cert.certPem,
        client_key: null,
        client_fingerprint: cert.fingerprint,
      },
      cert.keyPem,
    );
    return registry.row(id);
  } catch (error) {
    if (trusted) {
      await client.call('DELETE', `/1.0/certificates/${cert.fingerprint}`, { timeoutMs: 5000 }).catch(() => undefined);
    }
    throw error;
  } finally {
    client.close();
  }
}

function checkFingerprint(probed: ProbedCertificate, expected: string | undefined, trustToken: string | undefined) {
  if (expected !== undefined) {
    const wanted = normaliseFingerprint(expected);
    if (!wanted) throw badRequest('fingerprint must be the 64 hex digits of a SHA-256', 'invalid_fingerprint');
    if (wanted !== probed.fingerprint) {
      throw badRequest(
        `the daemon presents certificate ${probed.fingerprint}, not the expected ${wanted}; nothing was stored`,
        'fingerprint_mismatch',
      );
    }
  }
  const token = trustToken ? decodeTrustToken(trustToken) : null;
  if (token && token.fingerprint !== probed.fingerprint) {
    throw badRequest(
      `the trust token was issued by the daemon with certificate ${token.fingerprint}, but this URL presents ${probed.fingerprint}`,
      'fingerprint_mismatch',
    );
  }
}

async function requestTrust(client: LxdClient, clientName: string, secret: string, isToken: boolean) {
  // LXD 5.0 takes a token in "password"; Incus takes it in "trust_token". Each ignores the other field.
  const body = isToken
    ? { type: 'client', name: clientName, password: secret, trust_token: secret }
    : { type: 'client', name: clientName, password: secret };
  try {
    await client.call('POST', '/1.0/certificates', { body, timeoutMs: 8000 });
  } catch (error) {
    if (error instanceof LxdError && error.status < 500) {
      const what = isToken ? 'trust token' : 'trust password';
      throw new ApiError(400, 'trust_failed', `the daemon refused the ${what}: ${error.message}`);
    }
    throw error;
  }
}

function identity(server: LxdServer) {
  return {
    kind: server.environment?.server === 'incus' ? 'incus' : 'lxd',
    version: server.environment?.server_version ?? server.api_version,
    clustered: server.environment?.server_clustered ? 1 : 0,
  };
}
