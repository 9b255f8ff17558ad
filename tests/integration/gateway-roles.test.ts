import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROLES, roleAllows, type Role } from '@/lib/roles';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';
import { refusal } from '../support/refusal';

/**
 * The gateway part of the role matrix: a catalogue of daemon paths (every kind of thing the
 * daemons serve, with the spellings that reach the same thing), each tried with every method it
 * lists, with no credentials and as each role, against the real lab. Allowed means the daemon's
 * own answer (never a 5xx); refused means Hangar's 401/403 and not one byte of the secret.
 * Every change it sends names something missing or is invalid, so nothing in the lab changes.
 */

type Principal = 'none' | Role;
const PRINCIPALS: Principal[] = ['none', ...ROLES];
/** The least role allowed, or `nobody`. */
type Need = Role | 'nobody';

interface Probe {
  method: string;
  path: string;
  need: Need;
  body?: unknown;
  /** Statuses the daemon must answer an allowed caller with (default: anything below 500). */
  ok?: number[];
}

const M = 'no-such-thing-for-roles';

describe('gateway role matrix', () => {
  const url = inject('hangarUrl');
  const { alpha, beta, gamma } = inject('daemons');
  const apis = {} as Record<Principal, Api>;
  const secret = `matrix-secret-${crypto.randomBytes(8).toString('hex')}`;
  const container = uniqueName('gwm');
  let execLog = '';
  let fingerprint = '';

  beforeAll(async () => {
    const admin = await Api.login(url);
    apis.none = new Api(url);
    apis.admin = admin;
    for (const role of ['viewer', 'operator'] as const) apis[role] = await userWithRole(admin, role, `gwm-${role}`);
    cli('alpha', ['launch', 'busybox', container, '-c', `environment.MATRIX_SECRET=${secret}`]);
    cli('alpha', ['snapshot', container, 'snap0']);
    // Recorded exec output, the way an operator's exec through the gateway leaves it.
    const reply = await admin.json<{ operation: string }>('POST', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/exec`, {
      command: ['sh', '-c', 'echo $MATRIX_SECRET'],
      'record-output': true,
      'wait-for-websocket': false,
      interactive: false,
    });
    const done = await admin.json<{ metadata: { metadata: { output: Record<string, string> } } }>(
      'GET',
      `/api/v1/daemons/${alpha}/lxd${reply.operation}/wait?timeout=30`,
    );
    execLog = done.metadata.metadata.output['1'].split('/').pop()!;
    fingerprint = JSON.parse(cli('alpha', ['image', 'list', 'busybox', '--format=json']))[0].fingerprint;
  });
  afterAll(() => forceDelete('alpha', container));

  const catalogue = (): { daemon: string; probes: Probe[] }[] => {
    const c = `/1.0/instances/${container}`;
    const pool = '/1.0/storage-pools/default';
    const vol = `${pool}/volumes/custom/${M}`;
    return [
      {
        daemon: alpha,
        probes: [
          { method: 'GET', path: '/1.0', need: 'viewer', ok: [200] },
          { method: 'PUT', path: '/1.0', need: 'admin', body: { config: 42 }, ok: [400] },
          { method: 'PATCH', path: '/1.0', need: 'admin', body: { config: 42 }, ok: [400] },
          { method: 'GET', path: '/1.0/resources', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/events', need: 'nobody' },
          { method: 'GET', path: '/1.0/metrics', need: 'admin' },
          { method: 'GET', path: '/1.0/no-such-endpoint', need: 'admin' },

          // Instances, by every alias.
          { method: 'GET', path: '/1.0/instances', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/instances?recursion=2', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/containers', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/virtual-machines', need: 'viewer', ok: [200] },
          { method: 'POST', path: '/1.0/instances', need: 'admin', body: { name: 'Bad_Name!', source: { type: 'none' } }, ok: [400] },
          { method: 'GET', path: c, need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/containers/${container}`, need: 'viewer', ok: [200] },
          { method: 'PUT', path: `/1.0/instances/${M}`, need: 'operator', body: { restore: 'snap0' }, ok: [404] },
          { method: 'PUT', path: `/1.0/instances/${M}`, need: 'admin', body: { config: {} }, ok: [404] },
          { method: 'PATCH', path: `/1.0/instances/${M}`, need: 'admin', body: { config: {} }, ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}`, need: 'admin', body: { name: 'x' }, ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}`, need: 'admin', body: { migration: true }, ok: [404] },
          { method: 'DELETE', path: `/1.0/instances/${M}`, need: 'admin', ok: [404] },
          { method: 'GET', path: `${c}/state`, need: 'viewer', ok: [200] },
          { method: 'PUT', path: `/1.0/instances/${M}/state`, need: 'operator', body: { action: 'start' }, ok: [404] },
          { method: 'GET', path: `${c}/sftp`, need: 'nobody' },

          // Exec, console, files: what is inside the instance.
          { method: 'POST', path: `/1.0/instances/${M}/exec`, need: 'operator', body: { command: ['true'] }, ok: [404] },
          { method: 'GET', path: `/1.0/instances/${M}/console`, need: 'operator', ok: [404] },
          { method: 'GET', path: `/1.0/containers/${M}/console`, need: 'operator', ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}/console`, need: 'operator', body: { type: 'console' }, ok: [404] },
          { method: 'DELETE', path: `/1.0/instances/${M}/console`, need: 'operator', ok: [404] },
          { method: 'GET', path: `${c}/files?path=/etc/passwd`, need: 'operator', ok: [200] },
          { method: 'GET', path: `/1.0/virtual-machines/${container}/files?path=/etc/passwd`, need: 'operator' },
          { method: 'POST', path: `/1.0/instances/${M}/files?path=/tmp/x`, need: 'operator', body: 'x', ok: [404] },
          { method: 'DELETE', path: `/1.0/instances/${M}/files?path=/tmp/x`, need: 'operator', ok: [404] },

          // Logs: liblxc's for viewers; exec output and lxc.conf (environment values) however spelt.
          { method: 'GET', path: `${c}/logs`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${c}/logs/lxc.log`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${c}/logs/lxc.conf`, need: 'operator', ok: [200] },
          { method: 'GET', path: `${c}/logs/lxc.con%66`, need: 'operator', ok: [200] },
          { method: 'GET', path: `${c}/logs/%6cxc.conf`, need: 'operator', ok: [200] },
          { method: 'GET', path: `/1.0/instance%73/${container}/logs/lxc.conf`, need: 'operator', ok: [200] },
          { method: 'GET', path: `/1.0/containers/${container}/logs/lxc.conf`, need: 'operator', ok: [200] },
          { method: 'GET', path: `/1.0/virtual-machines/${container}/logs/lxc.conf`, need: 'operator' },
          { method: 'GET', path: `${c}/logs/${execLog}`, need: 'operator', ok: [200] },
          { method: 'GET', path: `${c}/logs/%65xec_${execLog.slice(5)}`, need: 'operator', ok: [200] },
          { method: 'GET', path: `${c}/metadata`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${c}/metadata/templates`, need: 'operator' },

          // Snapshots: operators rename, never migrate or send them to a target.
          { method: 'GET', path: `${c}/snapshots`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${c}/snapshots/snap0`, need: 'viewer', ok: [200] },
          { method: 'POST', path: `/1.0/instances/${M}/snapshots`, need: 'operator', body: { name: 's' }, ok: [404] },
          { method: 'PUT', path: `/1.0/instances/${M}/snapshots/s`, need: 'operator', body: { expires_at: null }, ok: [404] },
          { method: 'DELETE', path: `/1.0/instances/${M}/snapshots/s`, need: 'operator', ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}/snapshots/s`, need: 'operator', body: { name: 's2' }, ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}/snapshots/s`, need: 'admin', body: { migration: true }, ok: [404] },
          { method: 'POST', path: `/1.0/containers/${M}/snapshots/s`, need: 'admin', body: { name: 's2', target: { operation: 'https://127.0.0.1:1/1.0/operations/x' } }, ok: [404] },

          // Backups and their exports.
          { method: 'GET', path: `${c}/backups`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${c}/backups/${M}`, need: 'viewer', ok: [404] },
          { method: 'GET', path: `${c}/backups/${M}/export`, need: 'operator', ok: [404] },
          { method: 'POST', path: `/1.0/instances/${M}/backups`, need: 'admin', body: {}, ok: [404] },

          // Images and their exports.
          { method: 'GET', path: '/1.0/images', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/images/aliases', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/images/aliases/busybox', need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/images/${fingerprint}`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/images/${fingerprint}/export`, need: 'admin', ok: [200] },
          { method: 'PUT', path: `/1.0/images/${M}`, need: 'admin', body: {}, ok: [404] },
          { method: 'DELETE', path: `/1.0/images/${M}`, need: 'admin', ok: [404] },

          // Profiles.
          { method: 'GET', path: '/1.0/profiles', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/profiles/default', need: 'viewer', ok: [200] },
          { method: 'POST', path: '/1.0/profiles', need: 'admin', body: { name: 42 }, ok: [400] },
          { method: 'DELETE', path: `/1.0/profiles/${M}`, need: 'admin', ok: [404] },

          // Storage pools, volumes and their backups.
          { method: 'GET', path: '/1.0/storage-pools', need: 'viewer', ok: [200] },
          { method: 'GET', path: pool, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${pool}/resources`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${pool}/volumes`, need: 'viewer', ok: [200] },
          { method: 'GET', path: `${pool}/volumes/custom`, need: 'viewer', ok: [200] },
          { method: 'GET', path: vol, need: 'viewer', ok: [404] },
          { method: 'GET', path: `${vol}/snapshots`, need: 'viewer' },
          { method: 'GET', path: `${vol}/backups`, need: 'admin' },
          { method: 'GET', path: `${vol}/backups/b/export`, need: 'admin' },
          { method: 'GET', path: `${vol}/sftp`, need: 'nobody' },
          { method: 'POST', path: '/1.0/storage-pools', need: 'admin', body: { name: 'Bad Name!' }, ok: [400] },
          { method: 'POST', path: `${pool}/volumes/custom`, need: 'admin', body: { name: 'Bad/Name' } },
          { method: 'DELETE', path: vol, need: 'admin', ok: [404] },

          // Networks and projects.
          { method: 'GET', path: '/1.0/networks', need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/networks/${M}`, need: 'viewer', ok: [404] },
          { method: 'GET', path: `/1.0/networks/${M}/state`, need: 'viewer' },
          { method: 'POST', path: '/1.0/networks', need: 'admin', body: { name: 'Bad Name!' }, ok: [400] },
          { method: 'GET', path: '/1.0/projects', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/projects/default', need: 'viewer', ok: [200] },
          { method: 'POST', path: '/1.0/projects', need: 'admin', body: { name: 'Bad Name!' }, ok: [400] },

          // The trust store.
          { method: 'GET', path: '/1.0/certificates', need: 'admin', ok: [200] },
          { method: 'GET', path: '/1.0/certificates?recursion=1', need: 'admin', ok: [200] },
          { method: 'GET', path: '/1.0/%63ertificates', need: 'admin', ok: [200] },
          { method: 'GET', path: `/1.0/certificates/${M}`, need: 'admin', ok: [404] },
          { method: 'POST', path: '/1.0/certificates', need: 'admin', body: { type: 42 }, ok: [400] },
          { method: 'DELETE', path: `/1.0/certificates/${M}`, need: 'admin', ok: [404] },

          // Operations.
          { method: 'GET', path: '/1.0/operations', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/operations?recursion=1', need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/operations/${M}`, need: 'viewer', ok: [404] },
          { method: 'GET', path: `/1.0/operations/${M}/wait?timeout=1`, need: 'viewer', ok: [404] },
          { method: 'DELETE', path: `/1.0/operations/${M}`, need: 'operator', ok: [404] },
          { method: 'GET', path: `/1.0/operations/${M}/websocket`, need: 'nobody' },

          // Warnings.
          { method: 'GET', path: '/1.0/warnings', need: 'viewer', ok: [200] },
          { method: 'DELETE', path: `/1.0/warnings/${M}`, need: 'admin' },
        ],
      },
      {
        daemon: beta,
        probes: [
          { method: 'GET', path: '/1.0/cluster', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/cluster/members', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/cluster/members/member1', need: 'viewer', ok: [200] },
          { method: 'POST', path: '/1.0/cluster/members', need: 'admin', body: { server_name: 42 }, ok: [400] },
          { method: 'GET', path: '/1.0/certificates', need: 'admin', ok: [200] },
        ],
      },
      {
        // Incus: the same rows hold.
        daemon: gamma,
        probes: [
          { method: 'GET', path: '/1.0', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/instances?recursion=1', need: 'viewer', ok: [200] },
          { method: 'GET', path: `/1.0/instances/${M}/logs/lxc.con%66`, need: 'operator', ok: [404] },
          { method: 'GET', path: `/1.0/instances/${M}/files?path=/etc/passwd`, need: 'operator', ok: [404] },
          { method: 'GET', path: '/1.0/certificates', need: 'admin', ok: [200] },
          { method: 'GET', path: '/1.0/operations?recursion=1', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/storage-pools/default/volumes', need: 'viewer', ok: [200] },
          { method: 'GET', path: '/1.0/events', need: 'nobody' },
          { method: 'POST', path: `/1.0/instances/${M}/snapshots/s`, need: 'admin', body: { name: 's2', migration: true }, ok: [404] },
        ],
      },
    ];
  };

  it('allows exactly what each role may do on every cataloged path, and refuses the rest without the secret', async () => {
    const mismatches: string[] = [];
    let tried = 0;
    for (const { daemon, probes } of catalogue()) {
      for (const probe of probes) {
        for (const who of PRINCIPALS) {
          tried++;
          const body = probe.body === undefined ? undefined : typeof probe.body === 'string' ? probe.body : JSON.stringify(probe.body);
          const headers: Record<string, string> = {
            ...(apis[who].token ? { authorization: `Bearer ${apis[who].token}` } : {}),
            ...(body === undefined ? {} : { 'content-type': typeof probe.body === 'string' ? 'application/octet-stream' : 'application/json', 'content-length': String(Buffer.byteLength(body)) }),
          };
          const res = await rawRequest(url, probe.method, `/api/v1/daemons/${daemon}/lxd${probe.path}`, headers, body);
          const what = `${probe.method} ${probe.path} as ${who}`;
          const got = refusal(res.status, res.body);
          const want = expected(probe.need, who);
          if (got !== want) mismatches.push(`${what}: want ${want ?? 'allowed'}, got ${res.status} ${res.body.slice(0, 160)}`);
          else if (!want && (res.status >= 500 || (probe.ok && !probe.ok.includes(res.status)))) {
            mismatches.push(`${what}: allowed, but the daemon answered ${res.status} ${res.body.slice(0, 160)}`);
          }
          if ((want || who === 'viewer') && res.body.includes(secret)) mismatches.push(`${what}: the body carries the secret`);
        }
      }
    }
    expect(tried).toBeGreaterThan(400);
    expect(mismatches).toEqual([]);
  });

  it('gives the operator the environment value each lxc.conf spelling reaches, which is why a viewer is refused each', async () => {
    for (const spelling of ['lxc.conf', 'lxc.con%66', '%6cxc.conf', '%6C%78c.conf']) {
      for (const base of ['instances', 'containers', 'instance%73', 'c%6Fntainers']) {
        const target = `/api/v1/daemons/${alpha}/lxd/1.0/${base}/${container}/logs/${spelling}`;
        const asOperator = await rawRequest(url, 'GET', target, { authorization: `Bearer ${apis.operator.token}` });
        expect(asOperator.status, `${base}/${spelling} as operator`).toBe(200);
        expect(asOperator.body).toContain(secret);
        const asViewer = await rawRequest(url, 'GET', target, { authorization: `Bearer ${apis.viewer.token}` });
        expect(asViewer.status, `${base}/${spelling} as viewer`).toBe(403);
        expect(asViewer.body).not.toContain(secret);
      }
    }
  });
});

function expected(need: Need, who: Principal): 'unauthenticated' | 'forbidden' | null {
  if (who === 'none') return 'unauthenticated';
  if (need === 'nobody') return 'forbidden';
  return roleAllows(who, need) ? null : 'forbidden';
}
