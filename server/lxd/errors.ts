const LXD_ERROR = Symbol.for('hangar.LxdError');

/** An error from a daemon, or from reaching it. `message` is the daemon's own words when it gave any. */
export class LxdError extends Error {
  readonly [LXD_ERROR] = true;

  // Next's pages are a second bundle with its own copy of this class, and they call the server
  // bundle's Services (e.g. its daemon clients): instanceof checks the mark, so an error thrown by
  // one copy is known to the other.
  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && LXD_ERROR in value;
  }

  constructor(
    /** HTTP status the daemon answered with, or 502/504 when it could not be reached. */
    readonly status: number,
    message: string,
    readonly code: string = 'daemon_error',
  ) {
    super(message);
  }
}

/** Describes a network failure the way an operator would want to read it. */
export function describeNetworkError(error: NodeJS.ErrnoException, target: string): LxdError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new LxdError(502, `connection refused by ${target}`, 'daemon_unreachable');
    case 'ENOENT':
      return new LxdError(502, `no socket at ${target}`, 'daemon_unreachable');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new LxdError(502, `cannot resolve the host of ${target}`, 'daemon_unreachable');
    case 'ETIMEDOUT':
    case 'ESOCKETTIMEDOUT':
      return new LxdError(504, `${target} did not answer in time`, 'daemon_timeout');
    case 'ECONNRESET':
      return new LxdError(502, `${target} closed the connection`, 'daemon_unreachable');
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_PINNING_FAILED':
      return new LxdError(502, error.message, 'certificate_mismatch');
    // The pinned certificate is the only trust anchor: a daemon presenting another one fails here.
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_SIGNATURE_FAILURE':
      return new LxdError(
        502,
        `${target} no longer presents the certificate Hangar pinned (${error.code}); if it was renewed on purpose, remove and add the daemon again`,
        'certificate_mismatch',
      );
    default:
      return new LxdError(502, `${target}: ${error.message}`, 'daemon_unreachable');
  }
}
