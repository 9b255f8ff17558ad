import { describe, expect, it } from 'vitest';
import { profileUsers } from './profiles';

describe('profileUsers', () => {
  it('reads instances, projects and snapshots out of used_by', () => {
    expect(
      profileUsers([
        '/1.0/instances/c1',
        '/1.0/instances/web%20one?project=prod',
        '/1.0/instances/c1/snapshots/snap0',
        '/1.0/profiles/x',
      ]),
    ).toEqual([
      { name: 'c1', project: 'default' },
      { name: 'web one', project: 'prod' },
      { name: 'c1', project: 'default', snapshot: 'snap0' },
    ]);
    expect(profileUsers(null)).toEqual([]);
  });
});
