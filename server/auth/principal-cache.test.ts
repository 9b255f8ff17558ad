import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { changeAccess, PrincipalCache } from './principal-cache';
import { SessionStore } from './sessions';
import { TokenStore } from './tokens';
import { UserStore } from './users';

describe('PrincipalCache', () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-principals-'));
    db = await openDatabase({ dataDir: dir });
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves an entry only while the generation it was read under stands', async () => {
    const cache = new PrincipalCache(db);
    const before = await cache.generation();
    cache.set('k', before, 'v');
    expect(cache.get('k', await cache.generation())).toBe('v');
    await changeAccess(db, async () => undefined);
    const after = await cache.generation();
    expect(after).toBe(before + 1);
    expect(cache.get('k', after)).toBeUndefined();
    // Dropped, not only hidden: the old generation does not bring it back.
    expect(cache.get('k', before)).toBeUndefined();
  });

  it('a change that fails raises nothing and is not applied', async () => {
    const cache = new PrincipalCache(db);
    const before = await cache.generation();
    const users = new UserStore(db);
    const user = await users.create({ username: 'rolled-back', password: 'a-long-password-1', role: 'viewer' });
    await expect(
      changeAccess(db, async (trx) => {
        await trx.updateTable('users').set({ disabled: 1 }).where('id', '=', user.id).execute();
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(await cache.generation()).toBe(before);
    expect((await users.findById(user.id))!.disabled).toBe(0);
  });

  it('every change that can end access raises it: role, disabled, password, end sessions, remove, token revoke, logout', async () => {
    const cache = new PrincipalCache(db);
    const users = new UserStore(db);
    const tokens = new TokenStore(db, 90);
    const sessions = new SessionStore(db, () => undefined);
    const user = await users.create({ username: 'gen-user', password: 'a-long-password-1', role: 'viewer' });
    const { row } = await tokens.create(user.id, {});
    const session = await sessions.start(user.id);
    const changes: [string, () => Promise<unknown>][] = [
      ['role', () => users.update('gen-user', { role: 'operator' })],
      ['disabled', () => users.update('gen-user', { disabled: true })],
      ['password', () => users.update('gen-user', { password: 'another-password-2' })],
      ['end sessions', () => users.endSessions('gen-user')],
      ['token revoke', () => tokens.revoke(user.id, row.id)],
      ['logout', () => sessions.end(session)],
      ['remove', () => users.remove('gen-user')],
    ];
    for (const [what, change] of changes) {
      const before = await cache.generation();
      await change();
      expect(await cache.generation(), what).toBe(before + 1);
    }
  });

  it('keeps at most max entries, dropping the least recently used', async () => {
    const cache = new PrincipalCache(db, 2);
    const g = await cache.generation();
    cache.set('a', g, 1);
    cache.set('b', g, 2);
    expect(cache.get('a', g)).toBe(1);
    cache.set('c', g, 3);
    expect([cache.get('a', g), cache.get('b', g), cache.get('c', g)]).toEqual([1, undefined, 3]);
  });
});
