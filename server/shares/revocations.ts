import { EventEmitter } from 'node:events';

declare global {
  // One emitter for the process: the revoking route and the open share streams live in different bundles.
  var __hangarShareRevocations: EventEmitter | undefined;
}

function emitter(): EventEmitter {
  globalThis.__hangarShareRevocations ??= new EventEmitter().setMaxListeners(0);
  return globalThis.__hangarShareRevocations;
}

/** Tells this process's open share streams that a link was revoked, so they stop at once. */
export function announceRevocation(shareId: string): void {
  emitter().emit(shareId);
}

/** Calls `onRevoked` when the share is revoked in this process; returns the unsubscribe. */
export function onRevocation(shareId: string, onRevoked: () => void): () => void {
  emitter().once(shareId, onRevoked);
  return () => emitter().off(shareId, onRevoked);
}
