/**
 * Config as the forms edit it: one `key=value` per line. Parsing is strict so a typo is caught in
 * the form rather than sent: every non-empty line needs a key and an `=`.
 */
export function parseConfigLines(text: string): { config: Record<string, string> } | { error: string } {
  const config: Record<string, string> = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq).trim() : '';
    if (!key || /\s/.test(key)) return { error: `line ${i + 1}: write key=value` };
    config[key] = line.slice(eq + 1).trim();
  }
  return { config };
}

export function configLines(config: Record<string, string>): string {
  return Object.entries(config)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** What a PATCH must send so that keys removed from the text are unset too ("" unsets). */
export function configPatch(before: Record<string, string>, after: Record<string, string>): Record<string, string> {
  const removed = Object.keys(before).filter((k) => !(k in after));
  return { ...Object.fromEntries(removed.map((k) => [k, ''])), ...after };
}
