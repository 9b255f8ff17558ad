/**
 * YAML documents for LXD objects (an instance's config and devices, a profile), parsed the way
 * `lxc config edit` reads them: every config value and device key is a string (`limits.cpu: 2`
 * means "2", `1.10` stays "1.10"). Problems carry the line and column to show and to underline.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify, type Node } from 'yaml';

export interface YamlProblem {
  message: string;
  /** 1-based, as editors count. */
  line: number;
  col: number;
  /** Character offsets in the text, for the editor's underline. */
  from: number;
  to: number;
}

type FieldKind = 'string' | 'boolean' | 'stringMap' | 'deviceMap' | 'stringList';
export type YamlSchema = Readonly<Record<string, FieldKind>>;

export const INSTANCE_SCHEMA: YamlSchema = {
  architecture: 'string',
  config: 'stringMap',
  devices: 'deviceMap',
  ephemeral: 'boolean',
  profiles: 'stringList',
  stateful: 'boolean',
  description: 'string',
};

export const PROFILE_SCHEMA: YamlSchema = { description: 'string', config: 'stringMap', devices: 'deviceMap' };

export type YamlResult<T> = { ok: true; value: T } | { ok: false; problems: YamlProblem[] };

export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

export function parseYamlDoc<T>(text: string, schema: YamlSchema): YamlResult<T> {
  const lines = new LineCounter();
  // The failsafe schema reads every scalar as a string, so nothing is turned into a number.
  const doc = parseDocument(text, { lineCounter: lines, schema: 'failsafe', prettyErrors: false });
  const problems: YamlProblem[] = [];
  const problem = (message: string, from: number, to = from + 1) => {
    const { line, col } = lines.linePos(from);
    problems.push({ message, line, col, from, to: Math.max(to, from + 1) });
  };
  for (const error of doc.errors) problem(firstLine(error.message), error.pos[0], error.pos[1]);
  if (problems.length) return { ok: false, problems };

  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { ok: true, value: {} as T };
  if (!isMap(root)) {
    problem('the document must be a mapping of fields (for example "config:")', start(root));
    return { ok: false, problems };
  }
  const out: Record<string, unknown> = {};
  for (const pair of root.items) {
    const keyNode = pair.key as Node | null;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const kind = schema[key];
    if (!kind) {
      problem(`unknown field "${key}"; expected ${Object.keys(schema).join(', ')}`, start(keyNode), end(keyNode));
      continue;
    }
    out[key] = readField(kind, key, pair.value as Node | null, problem);
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: out as T };
}

type Report = (message: string, from: number, to?: number) => void;

function readField(kind: FieldKind, field: string, node: Node | null, problem: Report): unknown {
  switch (kind) {
    case 'string':
      return scalarText(node, field, problem);
    case 'boolean': {
      const text = scalarText(node, field, problem).toLowerCase();
      if (text === 'true' || text === 'false' || text === '') return text === 'true';
      problem(`${field} must be true or false`, start(node), end(node));
      return false;
    }
    case 'stringList': {
      if (isEmpty(node)) return [];
      if (!isSeq(node)) {
        problem(`${field} must be a list, for example "- default"`, start(node), end(node));
        return [];
      }
      return node.items.map((item) => scalarText(item as Node, `each entry of ${field}`, problem));
    }
    case 'stringMap':
      return readStringMap(node, field, problem);
    case 'deviceMap': {
      if (isEmpty(node)) return {};
      if (!isMap(node)) {
        problem(`${field} must map device names to their settings`, start(node), end(node));
        return {};
      }
      const devices: Record<string, Record<string, string>> = {};
      for (const pair of node.items) {
        const name = scalarText(pair.key as Node, 'a device name', problem);
        devices[name] = readStringMap(pair.value as Node | null, `device "${name}"`, problem);
      }
      return devices;
    }
  }
}

function readStringMap(node: Node | null, field: string, problem: Report): Record<string, string> {
  if (isEmpty(node)) return {};
  if (!isMap(node)) {
    problem(`${field} must be a mapping of keys to values`, start(node), end(node));
    return {};
  }
  const out: Record<string, string> = {};
  for (const pair of node.items) {
    const key = scalarText(pair.key as Node, `a key of ${field}`, problem);
    out[key] = scalarText(pair.value as Node | null, `"${key}"`, problem);
  }
  return out;
}

function scalarText(node: Node | null, what: string, problem: Report): string {
  if (node === null || node === undefined) return '';
  if (isScalar(node)) return node.value === null || node.value === undefined ? '' : String(node.value);
  problem(`${what} must be a single value, not a ${isMap(node) ? 'mapping' : 'list'}`, start(node), end(node));
  return '';
}

function isEmpty(node: Node | null): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''));
}

const start = (node: Node | null | undefined) => node?.range?.[0] ?? 0;
const end = (node: Node | null | undefined) => node?.range?.[1] ?? start(node) + 1;

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** "line 3, column 8: …" for an alert. */
export function describeProblem(p: YamlProblem): string {
  return `line ${p.line}, column ${p.col}: ${p.message}`;
}
