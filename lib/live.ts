/**
 * Live events (`GET /api/v1/events`) as Hangar sends them, shared by the server (which builds
 * them from the daemons' `/1.0/events`) and the browser (which applies them to its caches).
 */
import type { FleetInstance } from './api-types';

export type LiveEventType = 'lifecycle' | 'operation';

/** An LXD operation as a live event carries it; `metadata` only for roles that may see it. */
export interface LiveOperation {
  id: string;
  class: string;
  description: string;
  status: string;
  status_code: number;
  resources: Record<string, string[]> | null;
  may_cancel: boolean;
  err: string;
  created_at: string;
  updated_at: string;
  location: string;
  metadata?: Record<string, unknown> | null;
}

export interface LiveEvent {
  /** Hangar's id of the daemon the event came from. */
  daemon: string;
  daemonName: string;
  type: LiveEventType;
  project: string;
  /** Lifecycle: the daemon's action ("instance-started"); operation: "operation-" + its status ("operation-success"). */
  action: string;
  /** The instance the event is about, when it is about one. */
  instance?: string;
  /** The instance status the event implies ("Running" after instance-started). */
  status?: string;
  /** Cluster member the event happened on ("none" on a standalone daemon). */
  location?: string;
  /** When the daemon emitted it (RFC 3339). */
  timestamp: string;
  /** Lifecycle: the API path of what changed. */
  source?: string;
  context?: Record<string, unknown>;
  requestor?: { username?: string; protocol?: string; address?: string };
  operation?: LiveOperation;
  /** Hangar made this event up after reconnecting to the daemon, from what changed meanwhile. */
  resync?: true;
}

/**
 * An instance's fleet row as the daemon has it now (SSE `event: instance`), sent right after a
 * lifecycle event that may have changed it, once Hangar has asked the daemon. The lifecycle event
 * itself does not wait for it.
 */
export interface LiveInstanceUpdate {
  daemon: string;
  daemonName: string;
  project: string;
  instance: string;
  row: FleetInstance;
  resync?: true;
}

/** What a share link's scope (or any other narrowing) looks at to decide what a stream carries. */
export type LiveSubject = Pick<LiveEvent, 'daemon' | 'project' | 'instance'>;

export type LiveDaemonConnection = 'connecting' | 'connected' | 'reconnecting' | 'stopped';

/** How Hangar's own subscription to one daemon's events is doing (SSE `event: status`). */
export interface LiveDaemonState {
  id: string;
  name: string;
  state: LiveDaemonConnection;
  /** When it entered this state (epoch ms). */
  since: number;
  error?: string;
}

export interface LiveStatusMessage {
  daemons: LiveDaemonState[];
}

/** What a lifecycle action says about the instance's status afterwards; undefined when nothing. */
const STATUS_AFTER: Record<string, string> = {
  'instance-created': 'Stopped',
  'instance-started': 'Running',
  'instance-restarted': 'Running',
  'instance-resumed': 'Running',
  'instance-stopped': 'Stopped',
  'instance-shutdown': 'Stopped',
  'instance-paused': 'Frozen',
};

export function statusAfter(action: string): string | undefined {
  return STATUS_AFTER[action];
}

/** The lifecycle action Hangar reports for an instance found in `status` after a resync. */
export function actionForStatus(status: string): string {
  switch (status) {
    case 'Running':
      return 'instance-started';
    case 'Frozen':
      return 'instance-paused';
    case 'Stopped':
      return 'instance-stopped';
    default:
      return 'instance-updated';
  }
}

/** Lifecycle actions after which an instance's fleet row may look different. */
const ROW_CHANGING = new Set([
  'instance-created',
  'instance-started',
  'instance-restarted',
  'instance-resumed',
  'instance-stopped',
  'instance-shutdown',
  'instance-paused',
  'instance-renamed',
  'instance-updated',
  'instance-restored',
  'instance-migrated',
  'instance-ready',
]);

export function changesRow(action: string): boolean {
  return ROW_CHANGING.has(action);
}

/**
 * The instance named by an API path: `/1.0/instances/NAME`, `/1.0/containers/NAME/snapshots/S`,
 * `/1.0/virtual-machines/NAME?project=P` → NAME (decoded); undefined for anything else.
 */
export function instanceOfPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const match = /^\/1\.0\/(?:instances|containers|virtual-machines)\/([^/?]+)/.exec(path);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** One key per instance across the fleet. */
export function instanceKey(daemon: string, project: string, name: string): string {
  return `${daemon}/${project}/${name}`;
}
