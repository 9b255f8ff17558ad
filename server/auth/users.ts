import crypto from 'node:crypto';
import type { Db } from '../db/database';
import type { UsersTable } from '../db/schema';
import { isRole, type Role } from '@/lib/roles';
import { badRequest, conflict, notFound } from '../http/errors';
import { hashPassword, MIN_PASSWORD_LENGTH } from './passwords';

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
  constructor(private readonly db: Db) {}

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
    if (await this.findByUsername(input.username)) throw conflict(`user "${input.username}" already exists`);
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

  async require(username: string): Promise<User> {
    const user = await this.findByUsername(username);
    if (!user) throw notFound(`no user "${username}"`);
    return user;
  }
}

export function validatePassword(password: unknown): asserts password is string {
  if (typeof password !== 'string' || password.length < MIN_PASSWORD_LENGTH) {
    throw badRequest(`password must be at least ${MIN_PASSWORD_LENGTH} characters`, 'invalid_password');
  }
}
