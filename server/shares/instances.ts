import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import type { ShareScope } from '@/lib/api/shares';
import type { EventHub } from '../events/hub';
import { fleetQueries, inScope } from './scope';

/**
 * Exactly the fields of the fleet list, copied one by one: whatever may be added to the fleet
 * shape later does not reach a share link without someone deciding it should.
 */
export function toSharedInstance(i: FleetInstance): FleetInstance {
  return {
    daemon: { id: i.daemon.id, name: i.daemon.name },
    project: i.project,
    name: i.name,
    type: i.type,
    status: i.status,
    location: i.location,
    image: i.image,
    profiles: [...i.profiles],
    ipv4: [...i.ipv4],
    ipv6: [...i.ipv6],
    createdAt: i.createdAt,
    limits: { ...i.limits },
    usage: { cpuSeconds: i.usage.cpuSeconds, memoryBytes: i.usage.memoryBytes, processes: i.usage.processes },
  };
}

/** The fleet list (from the live model) limited to a share's scope; daemon errors say no more than "unreachable". */
export function sharedInstances(hub: EventHub, scope: ShareScope): FleetResponse {
  const lists = fleetQueries(scope).map((filter) => hub.list(filter));
  const failed = new Set(lists.flatMap((l) => l.errors.map((e) => e.daemon)));
  return {
    instances: lists
      .flatMap((l) => l.instances)
      .filter((i) => inScope(scope, i.daemon.id, i.project, i.name))
      .map(toSharedInstance),
    errors: [...failed].map((daemon) => ({ daemon, message: 'the daemon could not be reached' })),
  };
}
