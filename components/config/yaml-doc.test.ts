import { describe, expect, it } from 'vitest';
import { describeProblem, INSTANCE_SCHEMA, parseYamlDoc, PROFILE_SCHEMA, toYaml } from './yaml-doc';

describe('parseYamlDoc', () => {
  it('reads config values as strings, the way lxc config edit does', () => {
    const result = parseYamlDoc(
      'config:\n  limits.cpu: 2\n  user.version: 1.10\n  security.nesting: true\n  user.empty:\ndevices:\n  root:\n    path: /\n    size: 10\nephemeral: false\nprofiles:\n- default\n',
      INSTANCE_SCHEMA,
    );
    expect(result).toEqual({
      ok: true,
      value: {
        config: { 'limits.cpu': '2', 'user.version': '1.10', 'security.nesting': 'true', 'user.empty': '' },
        devices: { root: { path: '/', size: '10' } },
        ephemeral: false,
        profiles: ['default'],
      },
    });
  });

  it('gives the line and column of a syntax error', () => {
    const result = parseYamlDoc('config:\n  limits.cpu: a: b\n', INSTANCE_SCHEMA);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems[0].line).toBe(2);
    expect(describeProblem(result.problems[0])).toMatch(/^line 2, column \d+: /);
  });

  it('refuses duplicate keys with their position', () => {
    const result = parseYamlDoc('config:\n  a: "1"\n  a: "2"\n', PROFILE_SCHEMA);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 3 });
  });

  it('names unknown fields and wrong shapes', () => {
    const result = parseYamlDoc('confg:\n  a: b\ndevices:\n  eth0: nic\nprofiles: default\nephemeral: maybe\n', INSTANCE_SCHEMA);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => [p.line, p.message])).toEqual([
      [1, expect.stringContaining('unknown field "confg"')],
      [4, 'device "eth0" must be a mapping of keys to values'],
      [5, 'profiles must be a list, for example "- default"'],
      [6, 'ephemeral must be true or false'],
    ]);
  });

  it('refuses a nested value inside config', () => {
    const result = parseYamlDoc('config:\n  limits:\n    cpu: 2\n', PROFILE_SCHEMA);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ line: 3, message: '"limits" must be a single value, not a mapping' });
  });

  it('round-trips what toYaml writes, including values that look like numbers or booleans', () => {
    const value = { description: '', config: { 'limits.cpu': '2', 'boot.autostart': 'true', 'user.v': '1.10' }, devices: {} };
    expect(parseYamlDoc(toYaml(value), PROFILE_SCHEMA)).toEqual({ ok: true, value });
  });

  it('reads an empty document as no fields', () => {
    expect(parseYamlDoc('', PROFILE_SCHEMA)).toEqual({ ok: true, value: {} });
  });
});
