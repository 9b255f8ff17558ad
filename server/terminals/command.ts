/**
 * What runs in an exec terminal.
 *
 * - No command: the instance's login shell, bash when `/bin/bash` exists, else `/bin/sh`. The
 *   choice is made inside the instance by one small `sh` script that `exec`s the shell, so it
 *   costs no extra round trip and the shell's exit code is the session's.
 * - A command made only of words, quotes and backslash escapes (`top -d 1`, `bash`,
 *   `su - "ops user"`) is split the way a shell would and run directly, without any shell.
 * - Anything using shell syntax (variables, pipes, redirections, globs, `;`, `&&`, `VAR=x cmd`)
 *   runs as `/bin/sh -c '<command>'`, so it means what it would at a prompt.
 */
export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c', 'if [ -x /bin/bash ]; then exec /bin/bash -l; fi; exec /bin/sh -l'];

const SHELL_SYNTAX = /[$`|&;<>(){}*?[\]~#!\n\r]/;

export function commandArgv(command: string): string[] {
  const trimmed = command.trim();
  if (!trimmed) return [...DEFAULT_SHELL];
  const words = SHELL_SYNTAX.test(trimmed) ? null : splitWords(trimmed);
  if (!words || words.length === 0 || words[0].includes('=')) return ['/bin/sh', '-c', trimmed];
  return words;
}

/** Splits on unquoted whitespace, honouring '…', "…" and backslashes; null when a quote is left open. */
export function splitWords(text: string): string[] | null {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < text.length && '"\\'.includes(text[i + 1])) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 < text.length) word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(word);
  return words;
}
