export const GATEWAY_PREFIX = /^\/api\/v1\/daemons\/([^/?#]+)\/lxd(?=\/|\?|$)/;

export type GatewayTarget =
  | { ok: true; daemon: string; path: string; query: string }
  | { ok: false; message: string };

/**
 * Splits a raw request URL of the gateway into the daemon and the `/1.0/...` path to forward.
 * Works on the raw (still-encoded) URL and refuses anything that could mean another path once a
 * server decodes or normalises it: encoded dots, slashes and backslashes, dot segments, empty
 * segments, control characters and anything outside `/1.0`. The path it returns is the one the
 * policy decides on and the one forwarded, so both see the same thing.
 */
export function parseGatewayUrl(rawUrl: string): GatewayTarget {
  const match = GATEWAY_PREFIX.exec(rawUrl);
  if (!match) return { ok: false, message: 'not a gateway URL' };
  const rest = rawUrl.slice(match[0].length);
  const q = rest.indexOf('?');
  const path = q === -1 ? rest : rest.slice(0, q);
  const query = q === -1 ? '' : rest.slice(q + 1);
  let daemon: string;
  try {
    daemon = decodeURIComponent(match[1]);
  } catch {
    return { ok: false, message: 'the daemon id is not valid URL encoding' };
  }

  if (!(path === '/1.0' || path.startsWith('/1.0/'))) return { ok: false, message: 'only /1.0/... paths reach the daemon' };
  if (/%(2e|2f|5c|00)/i.test(path)) return { ok: false, message: 'encoded dots, slashes and NULs are not allowed in the path' };
  if (/[\\\x00-\x1f\x7f]/.test(rawUrl)) return { ok: false, message: 'backslashes and control characters are not allowed' };
  const segments = path.split('/').slice(1);
  if (segments.some((s, i) => s === '' && i < segments.length - 1) || path.includes('//')) {
    return { ok: false, message: 'empty path segments are not allowed' };
  }
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, message: 'dot segments are not allowed' };
  try {
    decodeURI(path);
  } catch {
    return { ok: false, message: 'the path is not valid URL encoding' };
  }
  if (/[#]/.test(query)) return { ok: false, message: 'fragments are not allowed' };
  return { ok: true, daemon, path: decodeUnreserved(path), query };
}

/**
 * Decodes percent-encoded letters, digits, `-`, `_` and `~`, which mean the same decoded or not
 * (RFC 3986, 2.3): the daemon decodes them before it routes, so `lxc.con%66` is `lxc.conf` to it,
 * and the policy must see that spelling too. Other escapes stay as they are.
 */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9a-fA-F]{2})/g, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9_~-]$/.test(char) ? char : escape;
  });
}
