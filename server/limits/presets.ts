import type { LimitPreset, LimitValues } from '@/lib/limits';
import type { Db } from '../db/database';
import type { LimitPresetsTable } from '../db/schema';
import { badRequest, conflict, notFound } from '../http/errors';
import { LimitValidationError, requireValidChanges } from './validate';

const NAME = /^[a-z0-9][a-z0-9._-]{0,39}$/;
const MAX_DESCRIPTION = 200;

function toPreset(row: LimitPresetsTable): LimitPreset {
  return {
    name: row.name,
    description: row.description,
    limits: JSON.parse(row.limits) as LimitValues,
    createdBy: row.created_by,
    createdAt: new Date(Number(row.created_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

/** Named sets of limits kept in Hangar's database, applied to instances in one go. */
export class LimitPresets {
  constructor(private readonly db: Db) {}

  async list(): Promise<LimitPreset[]> {
    return (await this.db.selectFrom('limit_presets').selectAll().orderBy('name').execute()).map(toPreset);
  }

  async get(name: string): Promise<LimitPreset> {
    const row = await this.db.selectFrom('limit_presets').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw notFound(`no limits preset "${name}"`);
    return toPreset(row);
  }

  /**
   * Stores a new preset. Its values are checked as a PATCH would check them (the daemon and its
   * host are checked again when it is applied); a preset sets limits, so it holds no nulls.
   */
  async create(input: Record<string, unknown>, username: string): Promise<LimitPreset> {
    const { name, description = '' } = input;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw badRequest('name must be 1–40 lowercase letters, digits, ".", "_" or "-", starting with a letter or digit', 'invalid_name');
    }
    if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
      throw badRequest(`description must be text of at most ${MAX_DESCRIPTION} characters`);
    }
    const limits = requireValidChanges(input.limits);
    const removals = Object.keys(limits).filter((k) => limits[k as keyof typeof limits] === null);
    if (removals.length > 0) {
      throw new LimitValidationError(removals.map((field) => ({ field, message: `${field}: a preset sets values; null is not allowed` })));
    }
    if (Object.keys(limits).length === 0) throw badRequest('a preset needs at least one limit', 'invalid_limit');
    if (await this.db.selectFrom('limit_presets').select('name').where('name', '=', name).executeTakeFirst()) {
      throw conflict(`a limits preset named "${name}" already exists`, 'preset_exists');
    }
    const now = Date.now();
    const row: LimitPresetsTable = {
      name,
      description,
      limits: JSON.stringify(limits),
      created_by: username,
      created_at: now,
      updated_at: now,
    };
    await this.db.insertInto('limit_presets').values(row).execute();
    return toPreset(row);
  }

  async remove(name: string): Promise<void> {
    const result = await this.db.deleteFrom('limit_presets').where('name', '=', name).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw notFound(`no limits preset "${name}"`);
  }
}
