import { ApiError } from '../http/errors';

/**
 * At most one console attachment per instance at a time, across everyone using this Hangar.
 * LXD 5.0.2 can panic ("concurrent write to websocket connection", instance_console.go) when a
 * second attach is refused while the first one closes, which takes the whole daemon down; so a
 * second attach never reaches the daemon, and an instance's console is free again only once the
 * daemon has finished the previous console operation (not merely when the browser left).
 */
export class ConsoleClaims {
  private readonly held = new Set<string>();

  /** Claims the console of an instance; returns the release, or throws 409 while someone holds it. */
  claim(daemonId: string, project: string, instance: string): () => void {
    const key = JSON.stringify([daemonId, project, instance]);
    if (this.held.has(key)) {
      throw new ApiError(
        409,
        'console_busy',
        'This console is already open in Hangar (in another tab or by someone else); close that one first',
      );
    }
    this.held.add(key);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held.delete(key);
    };
  }
}
