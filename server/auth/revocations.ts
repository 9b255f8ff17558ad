import { EventEmitter } from 'node:events';

/**
 * Fired when a user's access may have shrunk: disabled, deleted, role or password changed, a
 * session logged out, a token revoked. Open terminals and event streams re-check their caller at
 * once (server/auth/access-watch.ts); changes made by another replica are caught by their periodic
 * re-check instead.
 */
export class Revocations {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  changed(userId: string): void {
    this.emitter.emit('changed', userId);
  }

  /** Returns the unsubscribe. */
  onChange(listener: (userId: string) => void): () => void {
    this.emitter.on('changed', listener);
    return () => this.emitter.off('changed', listener);
  }
}
