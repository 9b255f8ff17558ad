import { badRequest } from '../http/errors';
import { pullSource } from '@/lib/image-source';
import { ImageServerStore } from '../images/servers';
import type { LimitTarget } from '../limits/target';
import type { Services } from '../services';
import { checkInstanceBody } from './preflight';

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;
const LAUNCH_TIMEOUT_S = 600;

function stringList(value: unknown, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw badRequest(`${field} must be a list of names`, `invalid_${field}`);
  return value as string[];
}

/** Creates an instance from a local image or an image server's, waits for the daemon, optionally starts it. */
export async function launchInstance(s: Services, target: LimitTarget, body: Record<string, unknown>) {
  if (!NAME.test(target.name) || target.name.endsWith('-')) {
    throw badRequest('name must start with a letter and hold only letters, digits and "-" (at most 63)', 'invalid_name');
  }
  const image = body.image as { server?: unknown; alias?: unknown; fingerprint?: unknown } | undefined;
  if (!image || typeof image !== 'object') throw badRequest('image is required: {"server"?,"alias"|"fingerprint"}', 'invalid_image');
  const alias = typeof image.alias === 'string' && image.alias ? image.alias : undefined;
  const fingerprint = typeof image.fingerprint === 'string' && /^[0-9a-f]{12,64}$/.test(image.fingerprint) ? image.fingerprint : undefined;
  if (!alias === !fingerprint) throw badRequest('image needs exactly one of alias or fingerprint (hex)', 'invalid_image');
  let source: Record<string, unknown>;
  if (image.server !== undefined) {
    if (typeof image.server !== 'string') throw badRequest('image.server must be an image server id', 'invalid_image');
    source = pullSource(await new ImageServerStore(s).row(image.server), { alias, fingerprint }, target.row.kind);
  } else {
    source = { type: 'image', ...(alias ? { alias } : { fingerprint }) };
  }
  const type = body.type ?? 'container';
  if (type !== 'container' && type !== 'virtual-machine') throw badRequest('type must be container or virtual-machine', 'invalid_type');
  const profiles = stringList(body.profiles, 'profiles');
  const config = body.config ?? {};
  if (typeof config !== 'object' || Array.isArray(config) || !Object.values(config).every((v) => typeof v === 'string')) {
    throw badRequest('config must be an object of strings', 'invalid_config');
  }
  const devices = body.devices ?? {};
  if (typeof devices !== 'object' || Array.isArray(devices) || !Object.values(devices).every((d) => d && typeof d === 'object' && !Array.isArray(d))) {
    throw badRequest('devices must be an object of device objects', 'invalid_devices');
  }
  await checkInstanceBody(target.client, target.project, { config, devices }, target.row.name);
  const query = `project=${encodeURIComponent(target.project)}${typeof body.target === 'string' && body.target ? `&target=${encodeURIComponent(body.target)}` : ''}`;
  const reply = await target.client.call<{ id: string }>('POST', `/1.0/instances?${query}`, {
    body: { name: target.name, type, source, config, devices, ...(profiles ? { profiles } : {}) },
  });
  await target.client.waitOperation(reply.body.operation ?? reply.body.metadata.id, LAUNCH_TIMEOUT_S);
  const path = `/1.0/instances/${encodeURIComponent(target.name)}`;
  if (body.start === true) {
    const start = await target.client.call<{ id: string }>('PUT', `${path}/state?project=${encodeURIComponent(target.project)}`, { body: { action: 'start', timeout: 30 } });
    await target.client.waitOperation(start.body.operation ?? start.body.metadata.id, 120);
  }
  return { name: target.name, project: target.project, daemon: target.row.id, started: body.start === true };
}
