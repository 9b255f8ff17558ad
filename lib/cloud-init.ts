import { isMap, isSeq, parseDocument, YAMLSeq } from 'yaml';

/**
 * Cloud-init as instance config: the three documents a form or an API caller may give, where each
 * lands, the YAML check the server and the browser both run before the daemon is asked, and the
 * SSH key written through user-data (LXD 5.0 and Incus 6.0 have no `cloud-init.ssh-keys.*`).
 */
export const CLOUD_INIT_FIELDS = [
  { id: 'userData', key: 'cloud-init.user-data', label: 'User data' },
  { id: 'vendorData', key: 'cloud-init.vendor-data', label: 'Vendor data' },
  { id: 'networkConfig', key: 'cloud-init.network-config', label: 'Network config' },
] as const;

export type CloudInitField = (typeof CLOUD_INIT_FIELDS)[number]['id'];

/** Config keys holding cloud-init YAML, the current names and the older `user.*` ones. */
export const CLOUD_INIT_KEYS: readonly string[] = [
  ...CLOUD_INIT_FIELDS.map((f) => f.key),
  'user.user-data',
  'user.vendor-data',
  'user.network-config',
];

export interface YamlProblem {
  line: number;
  message: string;
}

/** The first YAML error in `text` with its 1-based line, or null when it parses. */
export function yamlProblem(text: string): YamlProblem | null {
  const doc = parseDocument(text, { prettyErrors: false });
  const error = doc.errors[0];
  if (!error) return null;
  const line = error.linePos?.[0].line ?? lineAt(text, error.pos[0]);
  return { line, message: error.message.split('\n')[0] };
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** "cloud-init.user-data line 3: …" for the first config key whose YAML does not parse, else null. */
export function cloudInitConfigProblem(config: Record<string, unknown>): string | null {
  for (const key of CLOUD_INIT_KEYS) {
    const value = config[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const problem = yamlProblem(value);
    if (problem) return `${key} is not valid YAML: line ${problem.line}: ${problem.message}`;
  }
  return null;
}

const SSH_KEY = /^(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com) [A-Za-z0-9+/=]+( [^\n]*)?$/;

export function isSshPublicKey(key: string): boolean {
  return SSH_KEY.test(key.trim());
}

/**
 * User-data with `key` added to `ssh_authorized_keys`, starting a `#cloud-config` document when
 * there is none. Throws on YAML that does not parse or is not a mapping.
 */
export function withSshKey(userData: string, key: string): string {
  const trimmed = key.trim();
  if (!isSshPublicKey(trimmed)) throw new Error('the SSH key is not an OpenSSH public key ("ssh-ed25519 AAAA… comment")');
  const source = userData.trim() === '' ? '#cloud-config\n' : userData;
  if (!source.trimStart().startsWith('#cloud-config')) throw new Error('user-data must be a #cloud-config document to add an SSH key to it');
  const problem = yamlProblem(source);
  if (problem) throw new Error(`user-data line ${problem.line}: ${problem.message}`);
  const doc = parseDocument(source);
  if (doc.contents === null) doc.contents = doc.createNode({}) as never;
  if (!isMap(doc.contents)) throw new Error('user-data must be a mapping to add an SSH key to it');
  const existing = doc.get('ssh_authorized_keys');
  if (isSeq(existing)) {
    if (!(existing as YAMLSeq).items.some((i) => String((i as { value?: unknown }).value ?? i) === trimmed)) (existing as YAMLSeq).add(trimmed);
  } else {
    doc.set('ssh_authorized_keys', [trimmed]);
  }
  const text = doc.toString();
  return text.startsWith('#cloud-config') ? text : `#cloud-config\n${text}`;
}
