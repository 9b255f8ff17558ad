import { describe, expect, it } from 'vitest';
import type { DaemonRegistry } from '../daemons/registry';
import { notFound } from '../http/errors';
import { daemonInScope, fleetQueries, inScope, parseScope } from './scope';

/** Just enough of the registry: two daemons, found by id or name. */
const registry = {
  async row(idOrName: string) {
    const found = [{ id: 'id-a', name: 'alpha' }, { id: 'id-g', name: 'gamma' }].find((d) => d.id === idOrName || d.name === idOrName);
    if (!found) throw notFound(`no daemon "${idOrName}"`);
    return found;
  },
} as unknown as DaemonRegistry;

describe('share scope', () => {
  it('names daemons by id, defaults the project, drops duplicates', async () => {
    expect(await parseScope({ daemon: 'alpha' }, registry)).toEqual({ daemon: 'id-a' });
    expect(await parseScope({ daemon: 'id-g', project: 'web' }, registry)).toEqual({ daemon: 'id-g', project: 'web' });
    expect(await parseScope({ project: 'web' }, registry)).toEqual({ project: 'web' });
    expect(
      await parseScope(
        {
          instances: [
            { daemon: 'alpha', name: 'c1' },
            { daemon: 'id-a', project: 'default', name: 'c1' },
            { daemon: 'gamma', project: 'p', name: 'c2' },
          ],
        },
        registry,
      ),
    ).toEqual({ instances: [{ daemon: 'id-a', project: 'default', name: 'c1' }, { daemon: 'id-g', project: 'p', name: 'c2' }] });
  });

  it.each([
    [null, /must be an object/],
    [[], /must be an object/],
    [{}, /daemon, a project or instances/],
    [{ daemon: 'beta' }, /scope.daemon: no daemon "beta"/],
    [{ daemon: '' }, /must name a registered daemon/],
    [{ project: 'a/b' }, /scope.project/],
    [{ daemon: 'alpha', instances: [{ daemon: 'alpha', name: 'c1' }] }, /not both/],
    [{ instances: [] }, /1 to 500/],
    [{ instances: 'c1' }, /1 to 500/],
    [{ instances: [null] }, /scope.instances\[0\]/],
    [{ instances: [{ daemon: 'alpha', name: '../x' }] }, /scope.instances\[0\].name/],
    [{ daemon: 'alpha', extra: 1 }, /unknown fields: extra/],
  ])('refuses %j', async (input, message) => {
    await expect(parseScope(input, registry)).rejects.toThrow(message);
  });

  it('matches instances exactly', () => {
    const list = { instances: [{ daemon: 'id-a', project: 'default', name: 'c1' }] };
    expect(inScope(list, 'id-a', 'default', 'c1')).toBe(true);
    expect(inScope(list, 'id-a', 'other', 'c1')).toBe(false);
    expect(inScope(list, 'id-g', 'default', 'c1')).toBe(false);
    expect(inScope({ daemon: 'id-a' }, 'id-a', 'any', 'x')).toBe(true);
    expect(inScope({ daemon: 'id-a', project: 'p' }, 'id-a', 'default', 'x')).toBe(false);
    expect(inScope({ project: 'p' }, 'id-g', 'p', 'x')).toBe(true);
    expect(daemonInScope(list, 'id-a')).toBe(true);
    expect(daemonInScope(list, 'id-g')).toBe(false);
    expect(daemonInScope({ project: 'p' }, 'id-g')).toBe(true);
  });

  it('asks each daemon and project once', () => {
    expect(fleetQueries({ daemon: 'id-a' })).toEqual([{ daemon: 'id-a', project: undefined }]);
    expect(
      fleetQueries({
        instances: [
          { daemon: 'id-a', project: 'default', name: 'c1' },
          { daemon: 'id-a', project: 'default', name: 'c2' },
          { daemon: 'id-g', project: 'default', name: 'c3' },
        ],
      }),
    ).toEqual([{ daemon: 'id-a', project: 'default' }, { daemon: 'id-g', project: 'default' }]);
  });
});
