import type { FleetInstance } from '@/lib/api-types';
import type { InstanceHandle } from './use-instance-operations';

export function instanceHref(i: { daemonId: string; project: string; name: string }): string {
  const query = i.project === 'default' ? '' : `?project=${encodeURIComponent(i.project)}`;
  return `/instances/${encodeURIComponent(i.daemonId)}/${encodeURIComponent(i.name)}${query}`;
}

export function toHandle(i: FleetInstance): InstanceHandle {
  return { daemonId: i.daemon.id, daemonName: i.daemon.name, project: i.project, name: i.name, status: i.status };
}
