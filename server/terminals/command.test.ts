import { describe, expect, it } from 'vitest';
import { commandArgv, DEFAULT_SHELL, splitWords } from './command';

describe('commandArgv', () => {
  it('runs the login shell when no command is given', () => {
    expect(commandArgv('')).toEqual(DEFAULT_SHELL);
    expect(commandArgv('   ')).toEqual(DEFAULT_SHELL);
  });

  it('runs plain words directly, split the way a shell would', () => {
    expect(commandArgv('top -d 1')).toEqual(['top', '-d', '1']);
    expect(commandArgv('  bash  ')).toEqual(['bash']);
    expect(commandArgv(`su - "ops  user" 'a b' c\\ d`)).toEqual(['su', '-', 'ops  user', 'a b', 'c d']);
    expect(commandArgv('echo "say \\"hi\\""')).toEqual(['echo', 'say "hi"']);
    expect(commandArgv("echo ''")).toEqual(['echo', '']);
  });

  it('hands anything using shell syntax to /bin/sh -c as typed', () => {
    for (const command of ['echo $((6*7))', 'ls | head', 'a && b', 'cd /tmp; ls', 'cat > f', 'ls *.log', 'echo ~', 'FOO=1 env', 'echo "$HOME"']) {
      expect(commandArgv(command), command).toEqual(['/bin/sh', '-c', command]);
    }
  });

  it('leaves an unbalanced quote for sh to report', () => {
    expect(commandArgv('echo "oops')).toEqual(['/bin/sh', '-c', 'echo "oops']);
  });
});

describe('splitWords', () => {
  it('returns null for an open quote and keeps empty quoted words', () => {
    expect(splitWords("a 'b")).toBeNull();
    expect(splitWords('a "" b')).toEqual(['a', '', 'b']);
  });
});
