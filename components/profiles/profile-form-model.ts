/**
 * The profile form covers the keys people change most (limits, environment, devices); every
 * other config key is carried through untouched so form and YAML edit the same profile.
 */
import type { ProfilePut } from '@/lib/api/profiles';

/** A new profile, before anything is entered. */
export const EMPTY_PROFILE: ProfilePut = { description: '', config: {}, devices: {} };

export const FORM_LIMIT_KEYS = ['limits.cpu', 'limits.cpu.allowance', 'limits.memory', 'limits.memory.swap', 'limits.processes'] as const;

export interface ProfileForm {
  description: string;
  limits: Record<string, string>;
  environment: { name: string; value: string }[];
  /** Each device as its name and one `key=value` per line (including `type=`). */
  devices: { name: string; settings: string }[];
}

const isEnv = (key: string) => key.startsWith('environment.');
const isFormKey = (key: string) => isEnv(key) || (FORM_LIMIT_KEYS as readonly string[]).includes(key);

export function toForm(put: ProfilePut): ProfileForm {
  return {
    description: put.description,
    limits: Object.fromEntries(FORM_LIMIT_KEYS.map((k) => [k, put.config[k] ?? ''])),
    environment: Object.entries(put.config)
      .filter(([k]) => isEnv(k))
      .map(([k, value]) => ({ name: k.slice('environment.'.length), value })),
    devices: Object.entries(put.devices).map(([name, device]) => ({
      name,
      settings: Object.entries(device)
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    })),
  };
}

/** The config keys the form does not show, kept as they are. */
export function otherConfig(put: ProfilePut): Record<string, string> {
  return Object.fromEntries(Object.entries(put.config).filter(([k]) => !isFormKey(k)));
}

/** Form → profile; throws a message naming the field when something cannot be read. */
export function fromForm(form: ProfileForm, base: ProfilePut): ProfilePut {
  const config: Record<string, string> = { ...otherConfig(base) };
  for (const [key, value] of Object.entries(form.limits)) if (value.trim()) config[key] = value.trim();
  for (const { name, value } of form.environment) {
    if (!name.trim()) {
      if (value.trim()) throw new Error('an environment variable has a value but no name');
      continue;
    }
    config[`environment.${name.trim()}`] = value;
  }
  const devices: ProfilePut['devices'] = {};
  for (const { name, settings } of form.devices) {
    const device = name.trim();
    if (!device) throw new Error('a device has no name');
    if (devices[device]) throw new Error(`device "${device}" appears twice`);
    devices[device] = {};
    settings.split('\n').forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const eq = line.indexOf('=');
      if (eq <= 0) throw new Error(`device "${device}", line ${i + 1}: write each setting as key=value`);
      devices[device][line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    });
    if (!devices[device].type) throw new Error(`device "${device}" needs a type= line (disk, nic, …)`);
  }
  return { description: form.description, config, devices };
}
