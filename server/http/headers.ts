import http from 'node:http';

/**
 * A value node will accept in a header, from text a daemon supplied (an image's file name): what
 * node refuses (newlines, other control characters, anything beyond Latin-1) becomes "_", so a
 * strange name can never make a header write throw.
 */
export function headerSafe(value: string): string {
  return value.replace(/[^\t\x20-\x7e]/g, '_');
}

/** True when node would accept this as a header value; header writes of daemon values check it first. */
export function validHeaderValue(name: string, value: http.OutgoingHttpHeader): boolean {
  try {
    for (const v of Array.isArray(value) ? value : [String(value)]) http.validateHeaderValue(name, v);
    return true;
  } catch {
    return false;
  }
}
