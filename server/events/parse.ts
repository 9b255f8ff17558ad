import { instanceOfPath, statusAfter, type LiveEvent, type LiveOperation } from '@/lib/live';

/** One message of a daemon's `/1.0/events` websocket (LXD and Incus share the shape). */
export interface LxdEvent {
  type: string;
  timestamp: string;
  location?: string;
  project?: string;
  metadata: unknown;
}

interface LifecycleMetadata {
  action?: string;
  source?: string;
  context?: Record<string, unknown> | null;
  requestor?: LiveEvent['requestor'] | null;
  /** Incus adds these (event_lifecycle_name_and_project). */
  name?: string;
  project?: string;
}

/** Parses one websocket message; null for anything that is not a lifecycle or operation event. */
export function parseLxdEvent(text: string): LxdEvent | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const event = value as LxdEvent;
  if ((event.type !== 'lifecycle' && event.type !== 'operation') || !event.metadata || typeof event.metadata !== 'object') {
    return null;
  }
  return event;
}

/** The daemon's event in Hangar's shape, before any role decides what of it a caller sees. */
export function toLiveEvent(daemon: { id: string; name: string }, event: LxdEvent): LiveEvent {
  const base = {
    daemon: daemon.id,
    daemonName: daemon.name,
    project: event.project || 'default',
    location: event.location,
    timestamp: event.timestamp,
  };
  if (event.type === 'operation') {
    const operation = event.metadata as LiveOperation;
    return {
      ...base,
      type: 'operation',
      action: `operation-${String(operation.status ?? 'unknown').toLowerCase().replace(/\s+/g, '-')}`,
      instance: instanceOfPath(operation.resources?.instances?.[0] ?? operation.resources?.containers?.[0]),
      operation,
    };
  }
  const metadata = event.metadata as LifecycleMetadata;
  const action = metadata.action ?? 'unknown';
  const instance = instanceOfPath(metadata.source);
  return {
    ...base,
    type: 'lifecycle',
    action,
    instance,
    // A snapshot's events do not change its instance's status.
    status: instance && !/\/snapshots\//.test(metadata.source ?? '') ? statusAfter(action) : undefined,
    source: metadata.source,
    ...(metadata.context ? { context: metadata.context } : {}),
    ...(metadata.requestor ? { requestor: metadata.requestor } : {}),
  };
}
