import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../db/database';
import type { UsersTable } from '../db/schema';
import { isRole, type Role } from '@/lib/roles';
import { badRequest, conflict, notFound } from '../http/errors';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/lib/passwords';
import { hashPassword } from './passwords';
import { changeAccess } from './principal-cache';

export type User = UsersTable;
export interface PublicUser {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;

export function toPublicUser(user: User): PublicUser {
  return {
    username: user.username,
    role: user.role,
    disabled: user.disabled === 1,
    createdAt: new Date(user.created_at).toISOString(),
  };
}

export class UserStore {
  /** `onChange` hears of every change that may shrink a user's access (revocations.ts). */
  constructor(
    private readonly db: Db,
    private readonly onChange: (userId: string) => void = () => undefined,
  ) {}

  findByUsername(username: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findById(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(): Promise<User[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async create(input: { username: string; password: string; role: Role }): Promise<User> {
    if (!USERNAME.test(input.username)) {
      throw badRequest('username must be 1–64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit', 'invalid_username');
    }
    if (!isRole(input.role)) throw badRequest('role must be viewer, operator or admin', 'invalid_role');
    validatePassword(input.password);
    const taken = await this.db
      .selectFrom('users')
      .select('username')
      .where(sql<string>`lower(username)`, '=', input.username.toLowerCase())
      .executeTakeFirst();
    // Usernames differ by more than case: "Admin" next to "admin" would fool a person reading the audit log.
    if (taken) throw conflict(`user "${taken.username}" already exists`);
    const now = Date.now();
    const user: User = {
      id: crypto.randomUUID(),
      username: input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      disabled: 0,
      created_at: now,
      updated_at: now,
      sessions_valid_after: 0,
    };
    await this.db.insertInto('users').values(user).execute();
    return user;
  }

  /** Changes role, password or disabled state; the last active admin can be neither demoted nor disabled. */
  async update(username: string, changes: { role?: unknown; password?: unknown; disabled?: unknown }): Promise<User> {
    const user = await this.require(username);
    const set: Partial<User> = { updated_at: Date.now() };
    if (changes.role !== undefined) {
      if (!isRole(changes.role)) throw badRequest('role must be viewer, operator or admin', 'invalid_role');
      set.role = changes.role;
      // A session carries the role it was opened with in people's minds: a new role needs a new login.
      if (changes.role !== user.role) set.sessions_valid_after = Date.now();
    }
    if (changes.disabled !== undefined) {
      if (typeof changes.disabled !== 'boolean') throw badRequest('disabled must be true or false', 'invalid_disabled');
      set.disabled = changes.disabled ? 1 : 0;
      // A disabled user's sessions end at once.
      if (changes.disabled) set.sessions_valid_after = Date.now();
    }
    if (changes.password !== undefined) {
      validatePassword(changes.password);
      set.password_hash = await hashPassword(changes.password);
      set.sessions_valid_after = Date.now();
    }
    const losesAdmin = user.role === 'admin' && ((set.role && set.role !== 'admin') || set.disabled === 1);
    if (losesAdmin && (await this.activeAdmins()) <= 1) {
      throw conflict('this is the last admin: make another admin first', 'last_admin');
    }
    await changeAccess(this.db, (trx) => trx.updateTable('users').set(set).where('id', '=', user.id).execute());
    this.onChange(user.id);
    return { ...user, ...set };
  }

  /** Ends every browser session of a user ("log out everywhere"); tokens are revoked separately. */
  async endSessions(username: string): Promise<User> {
    const user = await this.require(username);
    const now = Date.now();
    await changeAccess(this.db, (trx) => trx.updateTable('users').set({ sessions_valid_after: now, updated_at: now }).where('id', '=', user.id).execute());
    this.onChange(user.id);
    return { ...user, sessions_valid_after: now, updated_at: now };
  }

  async remove(username: string): Promise<void> {
    const user = await this.require(username);
    if (user.role === 'admin' && !user.disabled && (await this.activeAdmins()) <= 1) {
      throw conflict('this is the last admin: make another admin first', 'last_admin');
    }
    await changeAccess(this.db, (trx) => trx.deleteFrom('users').where('id', '=', user.id).execute());
    this.onChange(user.id);
  }

  private async activeAdmins(): Promise<number> {
    const row = await this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('role', '=', 'admin')
      .where('disabled', '=', 0)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async require(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw notFound(`no user "${username}"`);
    return user;
  }
}

export function validatePassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw badRequest(`password must be at least ${MIN_PASSWORD_LENGTH} characters and at most ${MAX_PASSWORD_LENGTH}`, 'invalid_password');
  }
}
