import type { Role } from '@/lib/roles';
import { operationFor } from '../operations/visibility';

/**
 * What the gateway does to a daemon's JSON reply before it leaves Hangar, by role: operation
 * objects go through `operationFor` (for everyone: no websocket secrets; below admin: no token
 * operations), and a viewer's reads lose the config values that may hold secrets.
 */
export type Reply = { body: unknown } | { hidden: string };
export type ReplyFilter = (body: unknown) => Reply;

export const HIDDEN = '(hidden)';

/** Config keys whose values a viewer never sees: environment variables, cloud-init data, credentials. */
const SECRET_CONFIG = /^environment\.|^(?:cloud-init|user)\.(?:user-data|vendor-data|network-config)$|password|secret|token|private|(?:^|\.)key$/i;

const OPERATION_LIST = /^\/1\.0\/operations$/;
const OPERATION = /^\/1\.0\/operations\/[^/]+(?:\/wait)?$/;
const READS = new Set(['GET', 'HEAD']);

interface Envelope {
  type?: string;
  metadata?: unknown;
}

/**
 * How to ask the daemon (`query`) and what to do to its reply (`filter`, null when the reply may
 * pass untouched and streamed). Below admin the operation list is always asked with recursion, so
 * that token operations can be left out even when the caller wanted only their URLs.
 */
export function planReply(role: Role, method: string, path: string, query: string): { query: string; filter: ReplyFilter | null } {
  if (method === 'HEAD') return { query, filter: null };
  const config = role === 'viewer' && READS.has(method) ? redactConfig : (body: unknown) => body;

  if (method === 'GET' && OPERATION_LIST.test(path)) {
    const params = new URLSearchParams(query);
    const urlsOnly = !['1', '2'].includes(params.get('recursion') ?? '0');
    if (urlsOnly) params.set('recursion', '1');
    return {
      query: urlsOnly ? params.toString() : query,
      filter: (body) => ({ body: config(withMetadata(body, (m) => visibleList(role, m, urlsOnly))) }),
    };
  }
  if (method === 'GET' && OPERATION.test(path)) {
    return {
      query,
      filter: (body) => {
        const metadata = (body as Envelope | null)?.metadata;
        if (!isOperation(metadata)) return { body };
        const visible = operationFor(role, metadata);
        return visible ? { body: config({ ...(body as Envelope), metadata: visible }) } : { hidden: 'operation not found' };
      },
    };
  }
  if (!READS.has(method)) {
    // A change that starts an operation answers with it (an exec's carries its websocket secrets).
    return {
      query,
      filter: (body) => {
        const envelope = body as Envelope | null;
        if (envelope?.type !== 'async' || !isOperation(envelope.metadata)) return { body };
        return { body: { ...envelope, metadata: operationFor(role, envelope.metadata) } };
      },
    };
  }
  return { query, filter: role === 'viewer' ? (body) => ({ body: redactConfig(body) }) : null };
}

function isOperation(value: unknown): value is { class: string; id: string; metadata?: Record<string, unknown> | null } {
  return !!value && typeof value === 'object' && typeof (value as { class?: unknown }).class === 'string';
}

function withMetadata(body: unknown, change: (metadata: unknown) => unknown): unknown {
  if (!body || typeof body !== 'object' || !('metadata' in body)) return body;
  return { ...body, metadata: change((body as Envelope).metadata) };
}

/** `{"running": [...], "success": [...]}` with only what the role may see, as objects or as URLs. */
function visibleList(role: Role, metadata: unknown, urlsOnly: boolean): unknown {
  if (!metadata || typeof metadata !== 'object') return metadata;
  return Object.fromEntries(
    Object.entries(metadata as Record<string, unknown>).map(([status, ops]) => {
      const visible = (Array.isArray(ops) ? ops : []).flatMap((op: unknown) => {
        if (!isOperation(op)) return [];
        const shown = operationFor(role, op);
        return shown ? [urlsOnly ? `/1.0/operations/${shown.id}` : shown] : [];
      });
      return [status, visible];
    }),
  );
}

/**
 * Replaces the values of secret-bearing keys inside every config object, in place, and returns
 * the value: the gateway's filters get a body it has just parsed and owns, and copying every
 * object of a long instance list cost more than the daemon's reply took to arrive.
 */
export function redactConfig(value: unknown): unknown {
  if (Array.isArray(value)) {
    for (const item of value) redactConfig(item);
    return value;
  }
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  for (const key in record) {
    const inner = record[key];
    if ((key === 'config' || key === 'expanded_config') && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      const config = inner as Record<string, unknown>;
      for (const name in config) if (SECRET_CONFIG.test(name)) config[name] = HIDDEN;
    } else if (inner && typeof inner === 'object') {
      redactConfig(inner);
    }
  }
  return value;
}
