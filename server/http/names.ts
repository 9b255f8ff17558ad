import { badRequest } from './errors';

/** Control, format (bidi overrides, zero-width) and line/paragraph separator characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A free-text label (token and share names): 1–100 characters once trimmed, none of them
 * invisible or able to reorder what a person reads in a list or the audit log.
 */
export function label(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value.trim().length < 1 || value.length > 100 || INVISIBLE.test(value)) {
    throw badRequest(`${field} must be 1–100 characters without control or bidi characters`, 'invalid_name');
  }
  return value.trim();
}
