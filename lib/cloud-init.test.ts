import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cloudInitConfigProblem, isSshPublicKey, withSshKey, yamlProblem } from './cloud-init';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0dX0VXbpbz5Ua1Jd3b6wdKh5PFVkJS9vW7e5V3k2m4 ops@example';

describe('yamlProblem', () => {
  it('accepts YAML and names the line of the first error', () => {
    expect(yamlProblem('#cloud-config\npackages:\n  - htop\n')).toBeNull();
    const problem = yamlProblem('#cloud-config\npackages:\n  - htop\n bad: [unclosed\n');
    expect(problem?.line).toBeGreaterThanOrEqual(4);
    expect(problem?.message).toBeTruthy();
  });

  it('finds a tab indentation on its line', () => {
    expect(yamlProblem('a: 1\nb:\n\t- x\n')?.line).toBe(3);
  });
});

describe('cloudInitConfigProblem', () => {
  it('names the key and the line', () => {
    expect(cloudInitConfigProblem({ 'cloud-init.user-data': '#cloud-config\nx: [1\n' })).toMatch(/^cloud-init\.user-data is not valid YAML: line \d+/);
    expect(cloudInitConfigProblem({ 'user.vendor-data': 'a:\n\t- b' })).toMatch(/^user\.vendor-data .* line 2:/);
  });

  it('ignores other keys and valid documents', () => {
    expect(cloudInitConfigProblem({ 'limits.cpu': '[', 'cloud-init.network-config': 'version: 2\n' })).toBeNull();
  });
});

describe('withSshKey', () => {
  it('starts a cloud-config when there is none', () => {
    const out = withSshKey('', KEY);
    expect(out.startsWith('#cloud-config\n')).toBe(true);
    expect(parse(out)).toEqual({ ssh_authorized_keys: [KEY] });
  });

  it('adds to existing keys once, keeping the rest', () => {
    const once = withSshKey('#cloud-config\npackages: [htop]\nssh_authorized_keys:\n  - ssh-rsa AAAAB3 old\n', KEY);
    expect(parse(once)).toEqual({ packages: ['htop'], ssh_authorized_keys: ['ssh-rsa AAAAB3 old', KEY] });
    expect(parse(withSshKey(once, KEY)).ssh_authorized_keys).toHaveLength(2);
  });

  it('refuses what it cannot write into', () => {
    expect(() => withSshKey('#!/bin/sh\necho hi', KEY)).toThrow(/#cloud-config/);
    expect(() => withSshKey('#cloud-config\nx: [1\n', KEY)).toThrow(/line \d/);
    expect(() => withSshKey('', 'not a key')).toThrow(/OpenSSH/);
    expect(isSshPublicKey(KEY)).toBe(true);
  });
});
