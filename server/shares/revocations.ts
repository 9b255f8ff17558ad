import { EventEmitter } from 'node:events';

/** Tells this process's open share streams that a link was revoked, so they stop at once (one per process, on Services). */
export class ShareRevocations {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  announce(shareId: string): void {
    this.emitter.emit(shareId);
  }

  /** Calls `onRevoked` when the share is revoked in this process; returns the unsubscribe. */
  on(shareId: string, onRevoked: () => void): () => void {
    this.emitter.once(shareId, onRevoked);
    return () => this.emitter.off(shareId, onRevoked);
  }
}
