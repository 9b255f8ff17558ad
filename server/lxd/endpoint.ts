export type Endpoint =
  | { kind: 'https'; host: string; port: number; display: string }
  | { kind: 'unix'; socketPath: string; display: string };

/** Parses a daemon URL: `https://host:port` or `unix:///path/to/unix.socket`. Throws with a reason. */
export function parseEndpoint(url: string): Endpoint {
  if (typeof url !== 'string' || url.length === 0) throw new Error('url is required');
  if (url.startsWith('unix://')) {
    const socketPath = url.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error('a unix url must be unix:///absolute/path/to/unix.socket');
    return { kind: 'unix', socketPath, display: url };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL; use https://host:port or unix:///path`);
  }
  if (parsed.protocol !== 'https:') throw new Error('the url must start with https:// or unix://');
  if (parsed.username || parsed.password) throw new Error('the url must not carry credentials');
  if ((parsed.pathname && parsed.pathname !== '/') || parsed.search || parsed.hash) {
    throw new Error('the url must be just https://host:port, without a path');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = parsed.port ? Number(parsed.port) : 8443;
  return { kind: 'https', host, port, display: `https://${parsed.host}${parsed.port ? '' : ':8443'}` };
}
