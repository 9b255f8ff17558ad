/**
 * Daemon replies recorded on this machine (LXD 5.0.2 `alpha`, Incus 6.0 `gamma`) for
 * `GET /1.0/operations/<id>/wait?timeout=N`, used by the unit tests of both wait clients.
 * Recorded with `curl --unix-socket` while `sleep 4` ran through exec, and for an instance
 * created from an image that does not exist.
 */
const running = {
  id: 'b21e185c-a1c6-4602-b65d-03c847f28691',
  class: 'task',
  description: 'Executing command',
  created_at: '2026-12-07T13:59:30.458951415Z',
  updated_at: '2026-12-07T13:59:30.458951415Z',
  status: 'Running',
  status_code: 103,
  resources: { instances: ['/1.0/instances/arch-rec-1'] },
  metadata: null,
  may_cancel: false,
  err: '',
  location: 'none',
};

const envelope = (metadata: unknown) => ({ type: 'sync', status: 'Success', status_code: 200, operation: '', error_code: 0, error: '', metadata });

/** Incus: the wait ran out before the operation ended (HTTP 200 all the same). */
export const INCUS_WAIT_TIMED_OUT = {
  type: 'error',
  status: '',
  status_code: 0,
  operation: '',
  error_code: 500,
  error: 'context deadline exceeded',
  metadata: null,
};

/** LXD: the wait ran out before the operation ended (HTTP 200, the running operation). */
export const LXD_WAIT_RUNNING = envelope(running);

export const WAIT_SUCCESS = envelope({ ...running, status: 'Success', status_code: 200, metadata: { return: 0 } });

/** Both daemons: an instance created from a missing image fails with the daemon's `err`. */
export const WAIT_FAILURE = envelope({
  ...running,
  description: 'Creating instance',
  status: 'Failure',
  status_code: 400,
  err: 'Image not provided for instance creation',
});

/**
 * Incus: waiting on an operation that failed answers the operation's error as an error envelope
 * (with HTTP 200), not the failed operation; recorded publishing a running instance on gamma.
 */
export const INCUS_WAIT_FAILED = {
  type: 'error',
  status: '',
  status_code: 0,
  operation: '',
  error_code: 500,
  error: 'Cannot export a running instance as an image',
  metadata: null,
};
