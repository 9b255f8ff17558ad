import { describe, expect, it } from 'vitest';
import { roleFromClaim } from './oidc';

describe('roleFromClaim', () => {
  it('reads a role name, or the strongest role in a list', () => {
    expect(roleFromClaim('viewer')).toBe('viewer');
    expect(roleFromClaim(['staff', 'viewer', 'admin'])).toBe('admin');
    expect(roleFromClaim(['operator', 'viewer'])).toBe('operator');
  });

  it('grants nothing for anything else', () => {
    for (const value of [undefined, null, '', 'Admin', 'root', ['staff'], [], 1, { role: 'admin' }]) {
      expect(roleFromClaim(value)).toBeUndefined();
    }
  });
});
