import type { ApiErrorBody } from '@/lib/api-types';

const API_ERROR = Symbol.for('hangar.ApiError');

/** An error that becomes the docs/api.md envelope `{"error":{"code","message"}}` with its HTTP status. */
export class ApiError extends Error {
  readonly [API_ERROR] = true;

  // One copy of this class per bundle (the server's, Next's pages), and pages call the server's
  // Services, which throw its copy: instanceof checks the mark instead.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && API_ERROR in value;
  }

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }

  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

export const badRequest = (message: string, code = 'bad_request') => new ApiError(400, code, message);
export const unauthorized = (message = 'Log in or send a bearer token.') =>
  new ApiError(401, 'unauthenticated', message);
export const forbidden = (message = 'Your role does not allow this.', code = 'forbidden') => new ApiError(403, code, message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string, code = 'conflict') => new ApiError(409, code, message);

/** Turns anything thrown into an ApiError; unknown errors become a 500 without internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // Daemon errors (LxdError) keep their status, code and the daemon's own message.
  if (error && typeof error === 'object' && 'status' in error && 'message' in error) {
    const { status, code, message } = error as { status: unknown; code?: unknown; message: unknown };
    if (Number(status) >= 400 && Number(status) < 600) {
      return new ApiError(Number(status), typeof code === 'string' ? code : 'daemon_error', String(message));
    }
  }
  console.error('[hangar] unexpected error:', error);
  return new ApiError(500, 'internal', 'Something went wrong on the server; see its log.');
}
