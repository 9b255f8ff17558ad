import { ApiError, badRequest } from './errors';

/** Hangar's own routes take JSON bodies up to this size (the gateway allows more, see gateway.ts). */
export const BODY_LIMIT = 1024 * 1024;
/** Deeper JSON is refused before it is parsed: nothing Hangar accepts nests more than a few levels. */
export const MAX_JSON_DEPTH = 32;

export function bodyTooLarge(limit: number): ApiError {
  return new ApiError(413, 'body_too_large', `request bodies are limited to ${limit} bytes`);
}

/** A body beyond this is not even drained: the connection is given up instead. */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/**
 * Reads a request body up to `limit` bytes: a declared Content-Length above it is refused before
 * a byte is read, and a chunked body is counted while it streams, so it is never held whole.
 * What comes after the limit is read and dropped (up to DRAIN_LIMIT), so the client, still
 * sending, gets the 413 rather than a connection reset.
 */
export async function readLimited(req: Request, limit = BODY_LIMIT): Promise<Buffer> {
  const declared = req.headers.get('content-length');
  if (declared !== null && !(Number(declared) <= limit)) throw bodyTooLarge(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      // The client went away or broke the chunked encoding: its fault, not a 500.
      throw badRequest('the request body ended before it was complete', 'body_incomplete');
    });
    if (done) break;
    size += value.byteLength;
    if (size <= limit) chunks.push(value);
    else if (size > DRAIN_LIMIT) {
      await reader.cancel().catch(() => undefined);
      break;
    }
  }
  if (size > limit) throw bodyTooLarge(limit);
  return Buffer.concat(chunks);
}

/** An optional string field of a JSON body, trimmed: absent, null or "" is undefined, anything else not a string a 400 naming it. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`${field} must be a string`, 'invalid_request');
  return value.trim();
}

/** 400 when JSON text nests arrays and objects deeper than MAX_JSON_DEPTH (strings are skipped). */
export function assertJsonDepth(text: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) throw badRequest(`JSON may nest at most ${max} levels deep`, 'json_too_deep');
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}

/** Parses a JSON body read with readLimited: 400 when it is malformed or too deep. */
export function parseJsonBody(raw: Buffer): unknown {
  const text = raw.toString('utf8');
  assertJsonDepth(text);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('the request body must be valid JSON', 'malformed_json');
  }
}
