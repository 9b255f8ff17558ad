import { cloudInitConfigProblem } from '@/lib/cloud-init';
import { badRequest } from '../http/errors';
import type { LxdClient } from '../lxd/client';

/**
 * What Hangar checks in an instance's create or update body before the daemon is asked (issue #14,
 * "Bad input"): cloud-init that is not YAML is refused with its line, and a device naming a storage
 * pool or network the daemon does not have is refused naming it. Everything else is the daemon's.
 */
const INSTANCE_WRITE = /^\/1\.0\/(?:instances|containers|virtual-machines)(?:\/[^/]+)?$/;

/** True for the gateway requests whose body is checked: create (POST on the list), PUT/PATCH of one. */
export function isInstanceWrite(method: string, path: string): boolean {
  if (!INSTANCE_WRITE.test(path)) return false;
  const one = path.split('/').length === 4;
  return one ? method === 'PUT' || method === 'PATCH' : method === 'POST';
}

type Device = Record<string, unknown>;

/** The pools and networks the devices name, by kind, for one lookup each. */
export function deviceReferences(devices: Record<string, unknown>): { pools: Map<string, string>; networks: Map<string, string> } {
  const pools = new Map<string, string>();
  const networks = new Map<string, string>();
  for (const [name, value] of Object.entries(devices)) {
    if (!value || typeof value !== 'object') continue;
    const device = value as Device;
    if (device.type === 'disk' && typeof device.pool === 'string' && device.pool && !pools.has(device.pool)) pools.set(device.pool, name);
    if (device.type === 'nic' && typeof device.network === 'string' && device.network && !networks.has(device.network)) networks.set(device.network, name);
  }
  return { pools, networks };
}

const lastSegment = (url: string) => decodeURIComponent(url.split('?')[0].split('/').pop() ?? '');

export async function checkInstanceBody(client: LxdClient, project: string, body: unknown, daemonName: string): Promise<void> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return;
  const { config, devices } = body as { config?: unknown; devices?: unknown };
  if (config && typeof config === 'object' && !Array.isArray(config)) {
    const problem = cloudInitConfigProblem(config as Record<string, unknown>);
    if (problem) throw badRequest(problem, 'invalid_cloud_init');
  }
  if (!devices || typeof devices !== 'object' || Array.isArray(devices)) return;
  const { pools, networks } = deviceReferences(devices as Record<string, unknown>);
  if (pools.size > 0) {
    const have = new Set((await client.get<string[]>('/1.0/storage-pools')).map(lastSegment));
    for (const [pool, device] of pools) {
      if (!have.has(pool)) throw badRequest(`device ${device}: storage pool ${pool} does not exist on ${daemonName}`, 'missing_pool');
    }
  }
  if (networks.size > 0) {
    const have = new Set((await client.get<string[]>(`/1.0/networks?project=${encodeURIComponent(project)}`)).map(lastSegment));
    for (const [network, device] of networks) {
      if (!have.has(network)) throw badRequest(`device ${device}: network ${network} does not exist on ${daemonName}`, 'missing_network');
    }
  }
}
