/**
 * The live resource limits Hangar knows, and the checks it runs on them before anything reaches a
 * daemon. Shared by the server (which refuses) and the browser (which warns while typing), so both
 * say exactly the same thing. Pure: no node imports.
 *
 * The rules follow what LXD 5.0.2 and Incus 6.0.4 accept (checked against the real daemons), a
 * little stricter where the daemon would accept nonsense: a CPU set or count the host lacks, 0 or
 * more than 100 %, zero processes.
 */
import { BYTE_UNITS, parseByteSize } from './units';

import type { DaemonKind } from './api-types';

export type { DaemonKind };

export const LIMIT_NAMES = [
  'cpu',
  'cpuAllowance',
  'cpuPriority',
  'memory',
  'memoryEnforce',
  'memorySwap',
  'memorySwapPriority',
  'processes',
  'diskPriority',
  'networkPriority',
  'diskRead',
  'diskWrite',
  'diskMax',
] as const;

export type LimitName = (typeof LIMIT_NAMES)[number];

/** Values as the daemon holds them: strings, `null` in a change meaning "remove". */
export type LimitValues = Partial<Record<LimitName, string>>;
export type LimitChanges = Partial<Record<LimitName, string | null>>;

/** What the checks may know about where the limit goes. Unknown facts are not checked. */
export interface LimitContext {
  kind?: DaemonKind;
  /** CPU ids of the host the instance runs on (from the daemon's /1.0/resources). */
  hostCpus?: number[];
}

export type LimitGroup = 'cpu' | 'memory' | 'processes' | 'disk' | 'network';

/** How the UI offers a value: sizes and rates pick a unit, a choice is a select, the rest are text. */
export type LimitInput = 'sizeOrPercent' | 'rate' | 'integer' | 'choice' | 'text';

export interface LimitSpec {
  name: LimitName;
  /** Where the daemon keeps it: a key of the instance config, or of the root disk device. */
  where: 'config' | 'rootDisk';
  /** The daemon's key (`limits.memory`; `limits.read` on the root disk device). */
  key: string;
  label: string;
  group: LimitGroup;
  input: LimitInput;
  choices?: readonly string[];
  /** Whether the PATCH body may send a JSON number (or, for memorySwap, a boolean). */
  acceptsNumber?: boolean;
  acceptsBoolean?: boolean;
  /** The daemons that know the key; absent means both. */
  only?: DaemonKind;
  /** The accepted form, said to a person; depends on the daemon for memorySwap. */
  accepts(ctx: LimitContext): string;
  /** Why the value is refused, or null when it is fine. */
  problem(value: string, ctx: LimitContext): string | null;
}

const SIZE_FORM = `a number with kB, MB, GB, KiB, MiB, GiB… (case-sensitive)`;
const PRIORITY_FORM = 'a whole number from 0 (lowest) to 10 (highest)';
const IO_FORM = 'a rate in bytes per second like 10MB or 20MiB, or operations per second like 100iops';
const BOOL_VALUES = ['true', 'false', 'yes', 'no', 'on', 'off', '1', '0'];
export const MAX_PROCESSES = 4_194_304; // the kernel's PID_MAX_LIMIT
const MAX_CPU_ID = 4095;

/** Bytes of an LXD size ("256MB", "1GiB", "512"): whole numbers, the daemon's case-sensitive units. */
export function strictByteSize(value: string): number | null {
  const match = /^(\d+)([A-Za-z]*)$/.exec(value);
  if (!match || (match[2] !== '' && !BYTE_UNITS.includes(match[2]))) return null;
  return parseByteSize(value);
}

function wholeNumber(value: string): number | null {
  return /^\d{1,12}$/.test(value) ? Number(value) : null;
}

function sizeProblem(value: string): string | null {
  const bytes = strictByteSize(value);
  if (bytes === null) return 'is not a size';
  return bytes > 0 ? null : 'must be more than 0 bytes';
}

function percentProblem(value: string): string | null {
  const pct = wholeNumber(value.slice(0, -1));
  if (pct === null) return 'is not a whole percentage';
  return pct >= 1 && pct <= 100 ? null : 'must be from 1% to 100%';
}

function priorityProblem(value: string): string | null {
  const n = wholeNumber(value);
  if (n === null) return 'is not a whole number';
  return n <= 10 ? null : 'is out of range';
}

/** A CPU limit is a count ("2") or a set of ids ("0-1", "0,2", "1-1" for just CPU 1). */
export type CpuLimit = { count: number } | { ids: number[] };

export function parseCpuLimit(value: string): CpuLimit | null {
  if (/^\d+$/.test(value)) return { count: Number(value) };
  if (!/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(value)) return null;
  const ids: number[] = [];
  for (const part of value.split(',')) {
    const [from, to = from] = part.split('-').map(Number);
    if (from > to || to > MAX_CPU_ID) return null;
    for (let id = from; id <= to; id++) ids.push(id);
  }
  return { ids: ids.sort((a, b) => a - b) };
}

/** "0-3,6" for [0,1,2,3,6]. */
export function formatCpuSet(ids: readonly number[]): string {
  const sorted = [...new Set(ids)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i];
    while (i + 1 < sorted.length && sorted[i + 1] === sorted[i] + 1) i++;
    parts.push(start === sorted[i] ? String(start) : `${start}-${sorted[i]}`);
  }
  return parts.join(',');
}

function cpuProblem(value: string, ctx: LimitContext): string | null {
  const parsed = parseCpuLimit(value);
  if (!parsed) return 'is neither a number of CPUs nor a set of CPU ids';
  const host = ctx.hostCpus;
  if ('count' in parsed) {
    if (parsed.count < 1) return 'must ask for at least 1 CPU';
    if (host && parsed.count > host.length) {
      return `asks for ${parsed.count} CPUs but the host has ${host.length} (${formatCpuSet(host)})`;
    }
    return null;
  }
  const repeated = parsed.ids.filter((id, i) => parsed.ids[i - 1] === id);
  if (repeated.length > 0) return `names CPU ${formatCpuSet(repeated)} more than once`;
  const missing = host ? parsed.ids.filter((id) => !host.includes(id)) : [];
  if (host && missing.length > 0) {
    return `names CPU ${formatCpuSet(missing)}, which the host lacks (it has ${formatCpuSet(host)})`;
  }
  return null;
}

function allowanceProblem(value: string): string | null {
  if (value.endsWith('%')) return percentProblem(value);
  const match = /^(\d{1,9})ms\/(\d{1,9})ms$/.exec(value);
  if (!match) return 'is not an allowance';
  const [quota, period] = [Number(match[1]), Number(match[2])];
  if (quota < 1) return 'must allow at least 1ms';
  return period >= 1 && period <= 1000 ? null : 'has a period outside 1ms–1000ms';
}

function ioProblem(value: string): string | null {
  const iops = /^(\d{1,12})iops$/.exec(value);
  if (iops) return Number(iops[1]) > 0 ? null : 'must be more than 0';
  return sizeProblem(value) === null ? null : 'is not a rate';
}

const isBool = (value: string) => BOOL_VALUES.includes(value.toLowerCase());

const cpuForm = (ctx: LimitContext) => {
  const host = ctx.hostCpus;
  const count = host ? `a number of CPUs from 1 to ${host.length}` : 'a number of CPUs like 2';
  const set = host ? `a set of the host's CPU ids (${formatCpuSet(host)}) like 0,1` : 'a set of CPU ids like 0-1 or 0,2';
  return `${count}, or ${set} (pin a single CPU as 1-1)`;
};

function priority(name: LimitName, key: string, label: string, group: LimitGroup, only?: DaemonKind): LimitSpec {
  return {
    name,
    where: 'config',
    key,
    label,
    group,
    input: 'integer',
    acceptsNumber: true,
    only,
    accepts: () => PRIORITY_FORM,
    problem: priorityProblem,
  };
}

function ioRate(name: LimitName, key: string, label: string): LimitSpec {
  return { name, where: 'rootDisk', key, label, group: 'disk', input: 'rate', accepts: () => IO_FORM, problem: ioProblem };
}

/** Every limit Hangar manages, in the order the UI shows them. */
export const LIMIT_SPECS: readonly LimitSpec[] = [
  {
    name: 'cpu',
    where: 'config',
    key: 'limits.cpu',
    label: 'CPUs',
    group: 'cpu',
    input: 'text',
    acceptsNumber: true,
    accepts: cpuForm,
    problem: cpuProblem,
  },
  {
    name: 'cpuAllowance',
    where: 'config',
    key: 'limits.cpu.allowance',
    label: 'CPU allowance',
    group: 'cpu',
    input: 'text',
    accepts: () => 'a share like 50% (of the CPU time, under load) or a hard quota like 25ms/100ms',
    problem: allowanceProblem,
  },
  priority('cpuPriority', 'limits.cpu.priority', 'CPU priority', 'cpu'),
  {
    name: 'memory',
    where: 'config',
    key: 'limits.memory',
    label: 'Memory',
    group: 'memory',
    input: 'sizeOrPercent',
    acceptsNumber: true,
    accepts: () => `${SIZE_FORM} or a percentage like 50%`,
    problem: (value) => (value.endsWith('%') ? percentProblem(value) : sizeProblem(value)),
  },
  {
    name: 'memoryEnforce',
    where: 'config',
    key: 'limits.memory.enforce',
    label: 'Memory enforcement',
    group: 'memory',
    input: 'choice',
    choices: ['hard', 'soft'],
    accepts: () => 'hard or soft',
    problem: (value) => (value === 'hard' || value === 'soft' ? null : 'is neither hard nor soft'),
  },
  {
    name: 'memorySwap',
    where: 'config',
    key: 'limits.memory.swap',
    label: 'Swap',
    group: 'memory',
    input: 'text',
    acceptsBoolean: true,
    // LXD 5.0 takes only a boolean; Incus 6.0 also takes a size.
    accepts: (ctx) => (ctx.kind === 'incus' ? `true or false, or a size (${SIZE_FORM})` : 'true or false'),
    problem: (value, ctx) => {
      if (isBool(value)) return null;
      if (ctx.kind === 'incus' && sizeProblem(value) === null) return null;
      return ctx.kind === 'incus' ? 'is neither a boolean nor a size' : 'is not a boolean';
    },
  },
  priority('memorySwapPriority', 'limits.memory.swap.priority', 'Swap priority', 'memory'),
  {
    name: 'processes',
    where: 'config',
    key: 'limits.processes',
    label: 'Processes',
    group: 'processes',
    input: 'integer',
    acceptsNumber: true,
    accepts: () => `a whole number from 1 to ${MAX_PROCESSES}`,
    problem: (value) => {
      const n = wholeNumber(value);
      if (n === null) return 'is not a whole number';
      return n >= 1 && n <= MAX_PROCESSES ? null : 'is out of range';
    },
  },
  priority('diskPriority', 'limits.disk.priority', 'Disk priority', 'disk'),
  ioRate('diskRead', 'limits.read', 'Root disk read'),
  ioRate('diskWrite', 'limits.write', 'Root disk write'),
  ioRate('diskMax', 'limits.max', 'Root disk read+write'),
  priority('networkPriority', 'limits.network.priority', 'Network priority', 'network', 'lxd'),
];

const BY_NAME = new Map<string, LimitSpec>(LIMIT_SPECS.map((spec) => [spec.name, spec]));

export interface LimitIssue {
  field: string;
  message: string;
}

/** A sentence that names the field, repeats the value and says what would be accepted. */
function issue(spec: LimitSpec, value: string, reason: string, ctx: LimitContext): LimitIssue {
  return { field: spec.name, message: `${spec.name}: ${JSON.stringify(value)} ${reason}; use ${spec.accepts(ctx)}` };
}

/** Checks one value (already a string) for one limit. */
export function checkLimit(name: LimitName, value: string, ctx: LimitContext = {}): LimitIssue | null {
  const spec = BY_NAME.get(name)!;
  if (spec.only && ctx.kind && spec.only !== ctx.kind) {
    return {
      field: name,
      message: `${name}: ${ctx.kind === 'incus' ? 'Incus' : 'LXD'} has no ${spec.key}; only ${spec.only === 'lxd' ? 'LXD' : 'Incus'} does`,
    };
  }
  const reason = spec.problem(value, ctx);
  return reason ? issue(spec, value, reason, ctx) : null;
}

/** Turns one JSON value of a change into the daemon's string, `null` (remove) or an issue. */
function normaliseValue(spec: LimitSpec, raw: unknown): string | null | LimitIssue {
  if (raw === null) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' && spec.acceptsNumber && Number.isSafeInteger(raw) && raw >= 0) return String(raw);
  if (typeof raw === 'boolean' && spec.acceptsBoolean) return String(raw);
  const allowed = ['a string', spec.acceptsNumber && 'a whole number', spec.acceptsBoolean && 'a boolean', 'or null to remove it']
    .filter(Boolean)
    .join(', ');
  return { field: spec.name, message: `${spec.name}: ${JSON.stringify(raw)} has the wrong type; send ${allowed}` };
}

export interface ParsedChanges {
  changes: LimitChanges;
  issues: LimitIssue[];
}

/**
 * Reads a `{"limits":{…}}` change: unknown keys, wrong types and invalid values are all issues.
 * The caller refuses the whole change when there is any.
 */
export function parseLimitChanges(input: unknown, ctx: LimitContext = {}): ParsedChanges {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return { changes: {}, issues: [{ field: 'limits', message: 'limits must be an object like {"memory":"256MB"}' }] };
  }
  const changes: LimitChanges = {};
  const issues: LimitIssue[] = [];
  for (const [field, raw] of Object.entries(input)) {
    const spec = BY_NAME.get(field);
    if (!spec) {
      issues.push({ field, message: `${field}: not a limit Hangar knows; use one of ${LIMIT_NAMES.join(', ')}` });
      continue;
    }
    const value = normaliseValue(spec, raw);
    if (value !== null && typeof value === 'object') {
      issues.push(value);
      continue;
    }
    const problem = value === null ? null : checkLimit(spec.name, value, ctx);
    if (problem) issues.push(problem);
    else changes[spec.name] = value;
  }
  return { changes, issues };
}

/** The limits held in an instance config and its root disk device, by API name. */
export function readLimits(config: Record<string, string>, rootDisk: Record<string, string> | undefined): LimitValues {
  const out: LimitValues = {};
  for (const spec of LIMIT_SPECS) {
    const value = spec.where === 'config' ? config[spec.key] : rootDisk?.[spec.key];
    if (value !== undefined && value !== '') out[spec.name] = value;
  }
  return out;
}

/**
 * Another spelling of the same `limits.cpu` ("1-1" → "01-1", "2" → "02"): the daemons read the
 * numbers with leading zeros alike, so both spellings pin the same CPUs.
 */
export function respellCpuLimit(value: string): string {
  return `0${value}`;
}

/** How many CPUs `limits.cpu` allows: a count ("2") or a set ("0-1,4"); null when unlimited or unreadable. */
export function cpuLimitCount(value: string | undefined): number | null {
  const parsed = value ? parseCpuLimit(value) : null;
  if (!parsed) return null;
  return ('count' in parsed ? parsed.count : parsed.ids.length) || null;
}

/** `limits.processes` as a number; null when unlimited or unreadable. */
export function processLimit(value: string | undefined): number | null {
  return (value && wholeNumber(value)) || null;
}

/** How many CPUs a `limits.cpu` value gives, when it can be known. */
export function cpusOf(value: string | undefined, hostCpus: number): number {
  const parsed = value ? parseCpuLimit(value) : null;
  if (!parsed) return hostCpus;
  if ('count' in parsed) return Math.max(1, Math.min(parsed.count, hostCpus || parsed.count));
  return Math.max(1, parsed.ids.length);
}

/** Bytes a `limits.memory` value allows, given the host's memory for a percentage. */
export function memoryLimitBytes(value: string | undefined, hostMemoryBytes: number | null): number | null {
  if (!value) return null;
  if (value.endsWith('%')) {
    const pct = wholeNumber(value.slice(0, -1));
    return pct === null || !hostMemoryBytes ? null : Math.floor((hostMemoryBytes * pct) / 100);
  }
  return strictByteSize(value);
}

// ---- Shapes of the limits API (GET/PATCH /api/v1/daemons/{id}/instances/{name}/limits) ----

/**
 * A value a profile gives. `profile` is the profile the daemon takes it from: the last one in
 * the instance's profile list that sets it (later profiles override earlier ones). `overridden`
 * is true when the daemon does not use it because the instance's own value wins — for the root
 * disk's limits, whenever the instance has its own root disk device, which replaces the
 * profile's device as a whole.
 */
export interface InheritedLimit {
  value: string;
  profile: string;
  overridden: boolean;
}

export type InheritedLimits = Partial<Record<LimitName, InheritedLimit>>;

/**
 * Live figures beside the limit in force. CPU `percent` is the share of the CPUs the instance
 * may use (`cpus`: its limits.cpu, or all of the host's) that it kept busy over the last
 * `intervalMs`: 100 means all of them fully busy. `allowancePercent` is the cap that
 * limits.cpu.allowance puts on that same scale (hard for "25ms/100ms", a share under load for "50%").
 */
export interface LimitsUsage {
  status: string;
  cpu: {
    percent: number | null;
    intervalMs: number | null;
    seconds: number | null;
    cpus: number;
    limit: string | null;
    allowance: string | null;
    allowancePercent: number | null;
    allowanceHard: boolean;
  };
  memory: { usedBytes: number | null; peakBytes: number | null; limitBytes: number | null; limit: string | null; swapUsedBytes: number | null };
  processes: { count: number | null; limit: number | null };
  disk: {
    device: string | null;
    pool: string | null;
    /** Null when the storage driver does not report usage (e.g. a dir pool without quotas). */
    usedBytes: number | null;
    limitBytes: number | null;
    read: string | null;
    write: string | null;
    max: string | null;
  };
}

export interface LimitsState {
  daemon: { id: string; name: string; kind: DaemonKind };
  project: string;
  instance: string;
  status: string;
  profiles: string[];
  /** The instance's own limits, as the daemon holds them. */
  limits: LimitValues;
  inherited: InheritedLimits;
  /** What the daemon applies: own values, else the profiles'. */
  effective: LimitValues;
  usage: LimitsUsage;
  /** The host the instance runs on, so a client can check a CPU set as the server will. */
  host: { cpus: number[]; memoryBytes: number | null };
}

export type LimitChangeRecord = Partial<Record<LimitName, { before: string | null; after: string | null }>>;

/** The PATCH answer: the state read back from the daemon and what changed. */
export interface LimitsApplied extends LimitsState {
  changes: LimitChangeRecord;
}

export interface LimitTargetRef {
  daemon: string;
  project: string;
  name: string;
}

/** One instance's part of a bulk or preset apply; `daemon` is as the caller named it. */
export interface BulkLimitResult extends LimitTargetRef {
  ok: boolean;
  daemonId?: string;
  daemonName?: string;
  limits?: LimitValues;
  changes?: LimitChangeRecord;
  error?: { code: string; message: string; field?: string };
}

export interface LimitPreset {
  name: string;
  description: string;
  limits: LimitValues;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface LimitHistoryEntry {
  at: string;
  user: string;
  status: number;
  via: 'instance' | 'bulk' | 'preset';
  preset?: string;
  requested?: Record<string, unknown>;
  changes?: LimitChangeRecord;
  error?: string;
}
