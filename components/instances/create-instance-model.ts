import { CLOUD_INIT_FIELDS, type CloudInitField, withSshKey, yamlProblem } from '@/lib/cloud-init';
import { shortFingerprint } from '@/lib/format';
import { pullSource } from '@/lib/image-source';
import { LIMIT_SPECS, strictByteSize, type LimitValues } from '@/lib/limits';
import type { ImageServerImage, ImageServerView } from '@/lib/api-types';
import type { LxdImage } from '@/lib/lxd-types';
import { deviceProblems, lxdDevice, type DeviceContext, type DeviceDraft } from './devices-model';

/**
 * The create form as data: what the person chose (`CreateDraft`), what the daemon offers
 * (`CreateContext`), the problems that keep Create disabled (each said before the daemon is
 * asked), and the request the form sends through the gateway. The view only renders this.
 */
export type InstanceType = 'container' | 'virtual-machine';

export interface CreateDraft {
  daemonId: string;
  project: string;
  /** Cluster member; '' lets the cluster choose. */
  target: string;
  name: string;
  type: InstanceType;
  /** 'local' for the daemon's own images, else an image server's id. */
  imageSource: string;
  /** `alias:NAME` or `fingerprint:FP`; '' takes the first offered. */
  image: string;
  /** '' keeps the profiles' root disk. */
  pool: string;
  rootSize: string;
  /** null until touched: the `default` profile. */
  profiles: string[] | null;
  preset: string;
  cloudInit: Record<CloudInitField, string>;
  sshKey: string;
  devices: DeviceDraft[];
  start: boolean;
}

export interface CreateContext extends DeviceContext {
  daemonKind: string;
  /** From the daemon's `environment.instance_types`; only containers when it does not say. */
  instanceTypes: InstanceType[];
  profiles: string[];
  servers: ImageServerView[];
  presets: { name: string; limits: LimitValues }[];
}

export function emptyDraft(daemonId: string, image = ''): CreateDraft {
  return {
    daemonId,
    project: 'default',
    target: '',
    name: '',
    type: 'container',
    imageSource: 'local',
    image,
    pool: '',
    rootSize: '',
    profiles: null,
    preset: '',
    cloudInit: { userData: '', vendorData: '', networkConfig: '' },
    sshKey: '',
    devices: [],
    start: true,
  };
}

/** Changing where the instance goes forgets what belonged to the old daemon or project. */
export function withDaemon(draft: CreateDraft, daemonId: string): CreateDraft {
  return { ...draft, daemonId, target: '', project: 'default', imageSource: 'local', image: '', pool: '', profiles: null, type: 'container' };
}

export function withProject(draft: CreateDraft, project: string): CreateDraft {
  return { ...draft, project, image: draft.imageSource === 'local' ? '' : draft.image, profiles: null };
}

export interface ImageChoice {
  value: string;
  label: string;
  type: InstanceType;
  ref: { alias: string } | { fingerprint: string };
}

const describe = (name: string, text: string) => (text ? `${name} — ${text}` : name);

/** One choice per alias (what people know images by), and one per image that has none. */
export function localImageChoices(images: LxdImage[]): ImageChoice[] {
  return images.flatMap((image): ImageChoice[] => {
    const type: InstanceType = image.type === 'virtual-machine' ? 'virtual-machine' : 'container';
    const description = image.properties?.description ?? '';
    if (image.aliases.length === 0) {
      return [{ value: `fingerprint:${image.fingerprint}`, label: describe(shortFingerprint(image.fingerprint), description), type, ref: { fingerprint: image.fingerprint } }];
    }
    return image.aliases.map((alias) => ({
      value: `alias:${alias.name}`,
      label: describe(alias.name, alias.description || description),
      type,
      ref: { alias: alias.name },
    }));
  });
}

export function serverImageChoices(images: ImageServerImage[]): ImageChoice[] {
  return images.flatMap((image): ImageChoice[] => {
    const text = [image.os, image.release, image.architecture, image.type === 'virtual-machine' ? 'VM' : ''].filter(Boolean).join(' ');
    const ref = image.aliases[0] ? { alias: image.aliases[0] } : { fingerprint: image.fingerprint };
    const value = image.aliases[0] ? `alias:${image.aliases[0]}` : `fingerprint:${image.fingerprint}`;
    return [{ value: `${value}:${image.type}`, label: describe(image.aliases[0] ?? shortFingerprint(image.fingerprint), text), type: image.type, ref }];
  });
}

export function chosenImage(draft: CreateDraft, choices: ImageChoice[]): ImageChoice | undefined {
  const fitting = choices.filter((c) => c.type === draft.type);
  return fitting.find((c) => c.value === draft.image) ?? fitting[0];
}

export function chosenProfiles(draft: CreateDraft, available: string[]): string[] {
  return draft.profiles ?? available.filter((p) => p === 'default');
}

const NAME = /^[A-Za-z][A-Za-z0-9-]{0,62}$/;

/** Every reason Create cannot be sent yet, in the order of the form; empty when it can. */
export function createProblems(draft: CreateDraft, ctx: CreateContext, image: ImageChoice | undefined): string[] {
  const problems: string[] = [];
  if (!draft.daemonId) problems.push('Choose a daemon');
  const name = draft.name.trim();
  if (!name) problems.push('Enter a name');
  else if (!NAME.test(name) || name.endsWith('-')) problems.push('The name must start with a letter and hold only letters, digits and "-" (at most 63)');
  if (!ctx.instanceTypes.includes(draft.type)) problems.push(`This daemon does not run ${draft.type === 'virtual-machine' ? 'virtual machines' : 'containers'}`);
  if (!image) problems.push('Choose an image');
  if (draft.pool && !ctx.pools.includes(draft.pool)) problems.push(`Storage pool ${draft.pool} does not exist on this daemon`);
  if (draft.rootSize.trim() && strictByteSize(draft.rootSize.trim()) === null) problems.push(`Root size "${draft.rootSize}" is not a size like 10GiB`);
  if (draft.rootSize.trim() && !draft.pool) problems.push('A root size needs the storage pool of the root disk');
  if (draft.preset && !ctx.presets.some((p) => p.name === draft.preset)) problems.push(`There is no preset ${draft.preset}`);
  for (const field of CLOUD_INIT_FIELDS) {
    const text = draft.cloudInit[field.id];
    const problem = text.trim() ? yamlProblem(text) : null;
    if (problem) problems.push(`${field.label} is not valid YAML: line ${problem.line}: ${problem.message}`);
  }
  if (draft.sshKey.trim()) {
    try {
      withSshKey(draft.cloudInit.userData, draft.sshKey);
    } catch (e) {
      problems.push(`SSH key: ${(e as Error).message}`);
    }
  }
  const names = draft.devices.map((d) => d.name);
  draft.devices.forEach((device, i) => {
    const others = names.filter((_, j) => j !== i);
    if (device.name === 'root' && draft.pool) problems.push('root is the root disk; set its pool and size above');
    problems.push(...deviceProblems(device, ctx, others));
  });
  return problems;
}

/** The config the instance gets: the preset's limits and the cloud-init documents (with the SSH key). */
export function createConfig(draft: CreateDraft, ctx: CreateContext): Record<string, string> {
  const config: Record<string, string> = {};
  const preset = ctx.presets.find((p) => p.name === draft.preset);
  for (const spec of LIMIT_SPECS) {
    const value = preset?.limits[spec.name];
    if (value !== undefined && spec.where === 'config') config[spec.key] = value;
  }
  for (const field of CLOUD_INIT_FIELDS) {
    let text = draft.cloudInit[field.id];
    if (field.id === 'userData' && draft.sshKey.trim()) text = withSshKey(text, draft.sshKey);
    if (text.trim()) config[field.key] = text;
  }
  return config;
}

function rootDevice(draft: CreateDraft, ctx: CreateContext): Record<string, string> | null {
  const preset = ctx.presets.find((p) => p.name === draft.preset);
  const diskLimits = LIMIT_SPECS.filter((s) => s.where === 'rootDisk' && preset?.limits[s.name] !== undefined);
  if (!draft.pool) return null;
  const root: Record<string, string> = { type: 'disk', path: '/', pool: draft.pool };
  if (draft.rootSize.trim()) root.size = draft.rootSize.trim();
  for (const spec of diskLimits) root[spec.key] = preset!.limits[spec.name]!;
  return root;
}

export interface CreateRequest {
  query: { project: string; target?: string };
  body: Record<string, unknown> & { name: string; start: boolean };
}

/** `POST /1.0/instances` as the daemon takes it; call only when `createProblems` is empty. */
export function createRequest(draft: CreateDraft, ctx: CreateContext, image: ImageChoice, clustered: boolean): CreateRequest {
  const server = ctx.servers.find((s) => s.id === draft.imageSource);
  const source = server ? pullSource(server, 'alias' in image.ref ? { alias: image.ref.alias } : { fingerprint: image.ref.fingerprint }, ctx.daemonKind) : { type: 'image', ...image.ref };
  const devices: Record<string, Record<string, string>> = {};
  const root = rootDevice(draft, ctx);
  if (root) devices.root = root;
  for (const device of draft.devices) devices[device.name] = lxdDevice(device);
  return {
    query: { project: draft.project, ...(clustered && draft.target ? { target: draft.target } : {}) },
    body: {
      name: draft.name.trim(),
      type: draft.type,
      source,
      profiles: chosenProfiles(draft, ctx.profiles),
      config: createConfig(draft, ctx),
      devices,
      start: draft.start,
    },
  };
}
