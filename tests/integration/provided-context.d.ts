import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    hangarUrl: string;
    daemons: { alpha: string; beta: string; gamma: string };
  }
}
