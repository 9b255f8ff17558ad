import type { AddDaemonInput } from '@/lib/api/daemons';

/** How the daemon is to trust Hangar's certificate (https only). */
export type Credential = 'token' | 'password';

export interface DaemonDraft {
  name: string;
  url: string;
  credential: Credential;
  secret: string;
}

/** A local socket needs neither a certificate check nor a credential. */
export const isUnixUrl = (url: string) => url.trim().startsWith('unix://');

/** What the form still lacks, as the submit button's reason; null when it can be sent. */
export function missingInput({ name, url, credential, secret }: DaemonDraft): string | null {
  if (!name.trim()) return 'Enter a name';
  if (!/^(https|unix):\/\/./.test(url.trim())) return 'Enter an https:// or unix:// URL';
  if (!isUnixUrl(url) && !secret) return `Enter the trust ${credential}`;
  return null;
}

/** The API body for the draft, with the certificate fingerprint the person confirmed. */
export function addDaemonInput({ name, url, credential, secret }: DaemonDraft, fingerprint?: string): AddDaemonInput {
  return {
    name: name.trim(),
    url: url.trim(),
    ...(isUnixUrl(url) ? {} : credential === 'token' ? { trustToken: secret.trim() } : { trustPassword: secret }),
    ...(fingerprint ? { fingerprint } : {}),
  };
}
