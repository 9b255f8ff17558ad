import { ApiError, toApiError } from '../http/errors';
import { LxdError } from '../lxd/errors';

/** The error as the API answers it: code, message (the daemon's own words) and field when known. */
export function errorBody(error: unknown): { code: string; message: string; field?: string } {
  return toApiError(error).toBody().error;
}

/** A one-line reason for the audit log; internals of unexpected errors stay in the server log. */
export function errorSummary(error: unknown): string {
  return error instanceof ApiError || error instanceof LxdError ? error.message : 'internal error';
}
