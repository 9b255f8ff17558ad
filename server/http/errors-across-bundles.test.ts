import { describe, expect, it, vi } from 'vitest';

// The custom server and Next's pages each bundle their own copy of these modules;
// a fresh module registry stands in for the other bundle.
describe('errors thrown by one bundle are known to the other', () => {
  it('ApiError and LxdError pass instanceof across copies of their class, and nothing else does', async () => {
    const here = { api: await import('./errors'), lxd: await import('../lxd/errors') };
    vi.resetModules();
    const there = { api: await import('./errors'), lxd: await import('../lxd/errors') };
    expect(there.api.ApiError).not.toBe(here.api.ApiError);
    expect(there.lxd.LxdError).not.toBe(here.lxd.LxdError);

    const apiError = new here.api.ApiError(409, 'conflict', 'taken');
    const lxdError = new here.lxd.LxdError(404, 'Instance not found');
    expect(apiError instanceof there.api.ApiError).toBe(true);
    expect(lxdError instanceof there.lxd.LxdError).toBe(true);
    expect(there.api.toApiError(apiError)).toBe(apiError);

    expect(lxdError instanceof there.api.ApiError).toBe(false);
    expect(apiError instanceof there.lxd.LxdError).toBe(false);
    expect(new Error('plain') instanceof there.lxd.LxdError).toBe(false);
  });
});
