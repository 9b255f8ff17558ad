/** docs/api.md names limits by the camelCase of the LXD key: limits.cpu.allowance ↔ cpuAllowance. */
export function limitKeyToApi(lxdKey: string): string {
  return lxdKey
    .replace(/^limits\./, '')
    .replace(/[.-]([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function apiKeyToLimit(apiKey: string): string {
  return `limits.${apiKey.replace(/[A-Z]/g, (c) => `.${c.toLowerCase()}`)}`;
}

/** The `limits.*` keys of a config, by their API names. */
export function limitsOf(config: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith('limits.')) out[limitKeyToApi(key)] = value;
  }
  return out;
}
