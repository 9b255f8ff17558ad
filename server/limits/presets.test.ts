import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../audit/audit-log';
import { openDatabase, type Db } from '../db/database';
import { limitHistory } from './history';
import { LimitPresets } from './presets';

let db: Db;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-limits-unit-'));
  db = await openDatabase({ dataDir: dir });
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('limit presets (the 002_limit_presets migration and store)', () => {
  it('starts with small, medium and large', async () => {
    const presets = await new LimitPresets(db).list();
    expect(presets.map((p) => p.name)).toEqual(['large', 'medium', 'small']);
    expect(presets.find((p) => p.name === 'small')!.limits).toEqual({ cpu: '1', memory: '256MB', processes: '200' });
  });

  it('creates, reads and deletes a preset, refusing duplicates and bad values', async () => {
    const store = new LimitPresets(db);
    const created = await store.create({ name: 'web', description: 'front ends', limits: { memory: '512MB', processes: 300 } }, 'alice');
    expect(created).toMatchObject({ name: 'web', createdBy: 'alice', limits: { memory: '512MB', processes: '300' } });
    expect((await store.get('web')).description).toBe('front ends');
    await expect(store.create({ name: 'web', limits: { memory: '1GB' } }, 'alice')).rejects.toMatchObject({ status: 409 });
    await expect(store.create({ name: 'x', limits: { memory: '512M' } }, 'alice')).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^memory: "512M" is not a size/),
    });
    await expect(store.create({ name: 'x', limits: { memory: null } }, 'alice')).rejects.toMatchObject({ status: 400 });
    await expect(store.create({ name: 'x', limits: {} }, 'alice')).rejects.toMatchObject({ status: 400 });
    await expect(store.create({ name: 'Bad Name', limits: { memory: '1GB' } }, 'alice')).rejects.toMatchObject({ status: 400 });
    await store.remove('web');
    await expect(store.get('web')).rejects.toMatchObject({ status: 404 });
    await expect(store.remove('web')).rejects.toMatchObject({ status: 404 });
  });
});

describe('limit history from the audit log', () => {
  it("finds one instance's own changes and its part of bulk and preset applies, newest first", async () => {
    const audit = new AuditLog(db);
    const daemonId = crypto.randomUUID();
    const record = (target: string, status: number, detail: Record<string, unknown>) =>
      audit.record({ username: 'op', role: 'operator', daemon: 'alpha', method: target.includes('/bulk') || target.includes('/apply') ? 'POST' : 'PATCH', target, status, durationMs: 1, detail });
    const own = `/api/v1/daemons/${daemonId}/instances/c1/limits`;
    await record(own, 200, { daemonId, project: 'default', instance: 'c1', requested: { memory: '256MB' }, changes: { memory: { before: null, after: '256MB' } } });
    await new Promise((r) => setTimeout(r, 5));
    await record(own, 400, { daemonId, project: 'default', instance: 'c1', requested: { memory: '512M' }, error: 'memory: "512M" is not a size' });
    await record(`/api/v1/daemons/${daemonId}/instances/c1/limits`, 200, { daemonId, project: 'other', instance: 'c1', changes: {} });
    await record(`/api/v1/daemons/${daemonId}/instances/c10/limits`, 200, { daemonId, project: 'default', instance: 'c10', changes: {} });
    await new Promise((r) => setTimeout(r, 5));
    await record('/api/v1/limits/presets/small/apply', 200, {
      preset: 'small',
      requested: { memory: '256MB' },
      results: [
        { daemonId, project: 'default', name: 'c1', ok: false, error: { message: 'cpu: "2" asks for 2 CPUs' } },
        { daemonId, project: 'default', name: 'c2', ok: true, changes: {} },
      ],
    });

    const history = await limitHistory(db, { daemonId, project: 'default', name: 'c1' });
    expect(history.map((h) => [h.via, h.status])).toEqual([
      ['preset', 400],
      ['instance', 400],
      ['instance', 200],
    ]);
    expect(history[0]).toMatchObject({ preset: 'small', error: 'cpu: "2" asks for 2 CPUs', user: 'op' });
    expect(history[1].error).toContain('512M');
    expect(history[2].changes).toEqual({ memory: { before: null, after: '256MB' } });
  });
});
