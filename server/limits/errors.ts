import { ApiError, toApiError } from '../http/errors';

/** The error as the API answers it: code, message (the daemon's own words) and field when known. */
export function errorBody(error: unknown): { code: string; message: string; field?: string } {
  return toApiError(error).toBody().error;
}

/**
 * A one-line reason for the audit log; internals of unexpected errors stay in the server log.
 * Daemon errors are recognised by their status (LxdError may come from another bundle's copy).
 */
export function errorSummary(error: unknown): string {
  const status = (error as { status?: unknown } | null)?.status;
  return error instanceof ApiError || (typeof status === 'number' && status >= 400) ? (error as Error).message : 'internal error';
}
