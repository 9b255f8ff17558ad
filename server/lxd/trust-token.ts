/** What a trust token (LXD 5.0 `lxc config trust add`, Incus `incus config trust add`) carries. */
export interface TrustToken {
  clientName: string;
  fingerprint: string;
  addresses: string[];
  expiresAt?: string;
}

/** Decodes a trust token; null when it is not one (the daemon will then judge it as a password). */
export function decodeTrustToken(token: string): TrustToken | null {
  try {
    const json = JSON.parse(Buffer.from(token.trim(), 'base64').toString('utf8')) as Record<string, unknown>;
    if (typeof json.fingerprint !== 'string' || typeof json.secret !== 'string') return null;
    return {
      clientName: String(json.client_name ?? ''),
      fingerprint: json.fingerprint.toLowerCase(),
      addresses: Array.isArray(json.addresses) ? json.addresses.map(String) : [],
      expiresAt: typeof json.expires_at === 'string' ? json.expires_at : undefined,
    };
  } catch {
    return null;
  }
}
