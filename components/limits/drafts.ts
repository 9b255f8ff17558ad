/**
 * The Limits tab's editing state, kept pure so it can be tested: a draft per limit is a new value
 * (string), a removal (null) or absent (unchanged). Checks run through lib/limits.ts, the same
 * code the server runs.
 */
import {
  checkLimit,
  LIMIT_SPECS,
  type LimitChangeRecord,
  type LimitChanges,
  type LimitContext,
  type LimitName,
  type LimitSpec,
  type LimitValues,
} from '@/lib/limits';

export type Drafts = LimitChanges;

/** The message per field for every draft the server would refuse. */
export function draftIssues(drafts: Drafts, ctx: LimitContext): Partial<Record<LimitName, string>> {
  const out: Partial<Record<LimitName, string>> = {};
  for (const [name, value] of Object.entries(drafts) as [LimitName, string | null][]) {
    if (value === null) continue;
    if (value === '') {
      out[name] = `${name}: enter a value, or Remove to unset it`;
      continue;
    }
    const issue = checkLimit(name, value, ctx);
    if (issue) out[name] = issue.message;
  }
  return out;
}

/** Only the drafts that differ from what the instance holds. */
export function pendingChanges(drafts: Drafts, own: LimitValues): LimitChanges {
  const out: LimitChanges = {};
  for (const [name, value] of Object.entries(drafts) as [LimitName, string | null][]) {
    if (value === null ? own[name] !== undefined : own[name] !== value) out[name] = value;
  }
  return out;
}

/**
 * "256MB" → 256 and "MB"; "50%" → 50 and "%"; "100iops" → 100 and "iops". Loose on purpose
 * ("512M", "1.5GB" split too) so a typo stays in its fields and the check explains it.
 */
export function splitAmount(value: string | undefined): { amount: string; unit: string } | null {
  if (value === undefined || value === '') return null;
  const match = /^([^A-Za-z%]*)([A-Za-z%]*)$/.exec(value);
  return match ? { amount: match[1], unit: match[2] } : null;
}

/** Units offered beside an amount, the daemon's own spellings; '' is plain bytes. */
export const UNITS: Record<'sizeOrPercent' | 'rate', { value: string; label: string }[]> = {
  sizeOrPercent: [
    ...['MB', 'GB', 'MiB', 'GiB', 'kB', 'KiB', 'TB', 'TiB'].map((u) => ({ value: u, label: u })),
    { value: '', label: 'bytes' },
    { value: '%', label: '% of host' },
  ],
  rate: [
    ...['MB', 'MiB', 'kB', 'KiB', 'GB', 'GiB'].map((u) => ({ value: u, label: `${u}/s` })),
    { value: '', label: 'bytes/s' },
    { value: 'iops', label: 'IOPS' },
  ],
};

/** "memory = 256MB, processes removed": what the daemon holds after a change. */
export function describeChanges(changes: LimitChangeRecord): string {
  const parts = (Object.entries(changes) as [LimitName, { before: string | null; after: string | null }][]).map(([name, c]) =>
    c.after === null ? `${name} removed` : `${name} = ${c.after}`,
  );
  return parts.length > 0 ? parts.join(', ') : 'nothing changed';
}

/** The limits a daemon of this kind has, in display order. */
export function specsFor(kind: LimitContext['kind']): LimitSpec[] {
  return LIMIT_SPECS.filter((spec) => !spec.only || !kind || spec.only === kind);
}

/** The field a server error names ("memory: …" → memory), to show it under that input. */
export function fieldOfMessage(message: string): LimitName | null {
  const field = /^(\w+): /.exec(message)?.[1];
  return field && LIMIT_SPECS.some((s) => s.name === field) ? (field as LimitName) : null;
}
