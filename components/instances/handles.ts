import type { FleetInstance } from '@/lib/api-types';
import type { InstanceHandle } from './use-instance-operations';

export function toHandle(i: FleetInstance): InstanceHandle {
  return { daemonId: i.daemon.id, daemonName: i.daemon.name, project: i.project, name: i.name, status: i.status };
}
