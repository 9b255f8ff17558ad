import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    hangarUrl: string;
    /** LXD_DIR for an isolated scratch daemon whose unix socket Hangar allows (HANGAR_ALLOWED_SOCKETS). */
    isolatedLxdDir: string;
    daemons: { alpha: string; beta: string; gamma: string };
  }
}
