import type { TerminalConnection } from './terminal-connection';

/**
 * The session the panel's xterm is attached to now, shared by the view (which sends keys and
 * sizes to it) and the session hook (which attaches each new connection).
 */
export class SessionSlot {
  private connection: TerminalConnection | null = null;
  /** Whether the keys typed since the session ended have been answered with a note. */
  private told = false;

  attach(connection: TerminalConnection): void {
    this.connection = connection;
    this.told = false;
  }

  detach(connection: TerminalConnection | null): void {
    if (this.connection === connection) this.connection = null;
  }

  /**
   * Hands typed keys to the session: `sent` (or queued while it opens), `tell` the first time
   * keys go nowhere after it ended (so they are not lost silently), `drop` after that.
   */
  input(data: string): 'sent' | 'tell' | 'drop' {
    const connection = this.connection;
    if (connection?.send(data) || (connection && !connection.ended)) return 'sent';
    if (this.told) return 'drop';
    this.told = true;
    return 'tell';
  }

  resize(cols: number, rows: number): void {
    this.connection?.resize(cols, rows);
  }
}
