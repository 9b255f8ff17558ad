import { strictByteSize } from '@/lib/limits';

/**
 * Disk, NIC and proxy devices as the create form and the devices editor edit them: which fields
 * each kind has, the checks against what the daemon has (pools, networks), and the LXD device
 * object they become. Other kinds (gpu, usb, unix-char…) are shown as they are, never rewritten.
 */
export const DEVICE_TYPES = ['disk', 'nic', 'proxy'] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export interface DeviceField {
  key: string;
  label: string;
  placeholder?: string;
  required?: boolean;
}

export const DEVICE_FIELDS: Record<DeviceType, readonly DeviceField[]> = {
  disk: [
    { key: 'path', label: 'Path in the instance', placeholder: '/data', required: true },
    { key: 'pool', label: 'Storage pool', placeholder: 'default' },
    { key: 'source', label: 'Source (volume on the pool, or host path)', placeholder: 'my-volume or /srv/data' },
    { key: 'size', label: 'Size', placeholder: '10GiB' },
    { key: 'readonly', label: 'Read-only (true/false)', placeholder: 'false' },
  ],
  nic: [
    { key: 'network', label: 'Network', required: true },
    { key: 'name', label: 'Interface name in the instance', placeholder: 'eth1' },
    { key: 'limits.ingress', label: 'Ingress limit', placeholder: '100Mbit' },
    { key: 'limits.egress', label: 'Egress limit', placeholder: '100Mbit' },
    { key: 'ipv4.address', label: 'Static IPv4', placeholder: '10.0.0.10' },
    { key: 'ipv6.address', label: 'Static IPv6', placeholder: 'fd42::10' },
  ],
  proxy: [
    { key: 'listen', label: 'Listen (on the host)', placeholder: 'tcp:127.0.0.1:8080', required: true },
    { key: 'connect', label: 'Connect (in the instance)', placeholder: 'tcp:127.0.0.1:80', required: true },
    { key: 'bind', label: 'Bind (host or instance)', placeholder: 'host' },
  ],
};

export interface DeviceDraft {
  name: string;
  type: DeviceType;
  values: Record<string, string>;
}

/** What the daemon has, as far as devices care. A network's config says whether it hands out addresses. */
export interface DeviceContext {
  pools: string[];
  networks: { name: string; type?: string; config: Record<string, string> }[];
}

/** Network types whose NICs the daemons give no bandwidth limits (only bridged NICs take them). */
const UNLIMITED_NIC_NETWORKS = ['macvlan', 'sriov', 'physical'];

export function isEditableDevice(device: Record<string, string>): device is Record<string, string> & { type: DeviceType } {
  return (DEVICE_TYPES as readonly string[]).includes(device.type) && !(device.type === 'nic' && !device.network);
}

export function newDevice(type: DeviceType, taken: string[]): DeviceDraft {
  const base = type === 'nic' ? 'eth' : type === 'disk' ? 'disk' : 'proxy';
  let i = type === 'nic' ? 1 : 0;
  while (taken.includes(`${base}${i}`)) i += 1;
  return { name: `${base}${i}`, type, values: {} };
}

export function draftOf(name: string, device: Record<string, string>): DeviceDraft {
  const { type, ...values } = device;
  return { name, type: type as DeviceType, values };
}

/** The instance's own devices with `draft` put in place of `replacing` (or added), or with `remove` gone. */
export function changedDevices(
  devices: Record<string, Record<string, string>>,
  change: { put: DeviceDraft; replacing?: string } | { remove: string },
): Record<string, Record<string, string>> {
  const next = { ...devices };
  if ('remove' in change) {
    delete next[change.remove];
    return next;
  }
  if (change.replacing && change.replacing !== change.put.name) delete next[change.replacing];
  next[change.put.name] = lxdDevice(change.put);
  return next;
}

/** The LXD device object: empty fields are left out. */
export function lxdDevice(draft: DeviceDraft): Record<string, string> {
  const out: Record<string, string> = { type: draft.type };
  for (const [key, value] of Object.entries(draft.values)) if (value.trim() !== '') out[key] = value.trim();
  return out;
}

const DEVICE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const RATE = /^\d+(\.\d+)?\s*(bit|[kMGTPE]bit|[kMGTPE]ibit)?$/;
const PROXY_ADDRESS = /^(tcp|udp):[^:\s]+:\d+(-\d+)?(,\d+(-\d+)?)*$|^(tcp|udp):\[[0-9a-fA-F:]+\]:\d+$|^unix:\S+$/;

function addressAllowed(config: Record<string, string>, family: 'ipv4' | 'ipv6'): boolean {
  const value = config[`${family}.address`];
  return Boolean(value) && value !== 'none';
}

/** Every problem of one device, naming the field: what the daemon would refuse, said before it is asked. */
export function deviceProblems(draft: DeviceDraft, ctx: DeviceContext, others: string[] = []): string[] {
  const problems: string[] = [];
  const v = (key: string) => (draft.values[key] ?? '').trim();
  if (!DEVICE_NAME.test(draft.name)) problems.push('the device name must be letters, digits, ".", "_" or "-"');
  else if (others.includes(draft.name)) problems.push(`another device is named ${draft.name}`);
  for (const field of DEVICE_FIELDS[draft.type]) if (field.required && !v(field.key)) problems.push(`${draft.name}: ${field.label.toLowerCase()} is required`);
  if (draft.type === 'disk') {
    if (v('path') && !v('path').startsWith('/')) problems.push(`${draft.name}: the path must be absolute`);
    if (v('pool') && !ctx.pools.includes(v('pool'))) problems.push(`${draft.name}: storage pool ${v('pool')} does not exist on this daemon`);
    if (!v('pool') && v('source') && !v('source').startsWith('/')) problems.push(`${draft.name}: a volume source needs its storage pool`);
    if (!v('pool') && !v('source') && v('path') !== '/') problems.push(`${draft.name}: give a storage pool (with a volume as source) or a host path as source`);
    if (v('size') && strictByteSize(v('size')) === null) problems.push(`${draft.name}: size "${v('size')}" is not a size like 10GiB`);
    if (v('readonly') && !['true', 'false'].includes(v('readonly'))) problems.push(`${draft.name}: read-only is true or false`);
  }
  if (draft.type === 'nic' && v('network')) {
    const network = ctx.networks.find((n) => n.name === v('network'));
    if (!network) problems.push(`${draft.name}: network ${v('network')} does not exist on this daemon`);
    for (const key of ['limits.ingress', 'limits.egress']) {
      if (v(key) && !RATE.test(v(key))) problems.push(`${draft.name}: ${key} "${v(key)}" is not a rate like 100Mbit`);
      else if (v(key) && network?.type && UNLIMITED_NIC_NETWORKS.includes(network.type)) {
        problems.push(`${draft.name}: a NIC on ${network.type} network ${network.name} takes no ${key} (only NICs on a bridge do)`);
      }
    }
    for (const family of ['ipv4', 'ipv6'] as const) {
      if (v(`${family}.address`) && network && !addressAllowed(network.config, family)) {
        problems.push(`${draft.name}: network ${network.name} hands out no ${family === 'ipv4' ? 'IPv4' : 'IPv6'} addresses, so a static one cannot be set`);
      }
    }
  }
  if (draft.type === 'proxy') {
    for (const key of ['listen', 'connect']) {
      if (v(key) && !PROXY_ADDRESS.test(v(key))) problems.push(`${draft.name}: ${key} "${v(key)}" is not like tcp:127.0.0.1:8080`);
    }
  }
  return problems;
}
