import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

export const FONT_SIZES = { min: 9, max: 28, initial: 14 } as const;

const THEME = {
  background: '#0b0b0f',
  foreground: '#e4e4e7',
  cursor: '#e4e4e7',
  cursorAccent: '#0b0b0f',
  selectionBackground: '#52525b',
};

/**
 * An xterm with its addons, fitted to its host element and kept fitted as the element changes
 * size (window resizes, full screen, font size).
 */
export class TerminalView {
  readonly term: Terminal;
  readonly search = new SearchAddon();
  private readonly fitAddon = new FitAddon();
  private readonly observer: ResizeObserver;

  constructor(host: HTMLElement, fontSize: number, keys: (event: KeyboardEvent) => boolean) {
    this.term = new Terminal({
      fontSize,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
      cursorBlink: true,
      scrollback: 10_000,
      theme: THEME,
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.search);
    this.term.loadAddon(new WebLinksAddon());
    this.term.attachCustomKeyEventHandler(keys);
    this.term.open(host);
    this.fit();
    this.observer = new ResizeObserver(() => this.fit());
    this.observer.observe(host);
  }

  fit(): void {
    // A hidden host (zero size) proposes no dimensions; keep the last ones.
    if (this.fitAddon.proposeDimensions()) this.fitAddon.fit();
  }

  setFontSize(size: number): void {
    this.term.options.fontSize = size;
    this.fit();
  }

  /** A line in the terminal from Hangar itself, set apart from the instance's own output. */
  note(text: string, tone: 'dim' | 'error' = 'dim'): void {
    this.term.write(`\r\n\x1b[${tone === 'error' ? '31' : '2'}m${text.replace(/\n/g, '\r\n')}\x1b[0m\r\n`);
  }

  dispose(): void {
    this.observer.disconnect();
    this.term.dispose();
  }
}
