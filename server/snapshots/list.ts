import type { FleetSnapshot, FleetSnapshotsResponse } from '@/lib/api-types';
import type { LxdInstance } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRow } from '../daemons/registry';
import type { Services } from '../services';

/** `recursion=2` carries every instance's state and snapshots: slower than the other lists. */
const TIMEOUT_MS = 30_000;

interface LxdSnapshotEntry {
  name: string;
  created_at: string;
  expires_at: string;
  stateful: boolean;
  size?: number;
}

/**
 * Every snapshot of every instance of every daemon (or the one named), newest first. A daemon's
 * answer is kept while its events stream says nothing changed there (`s.snapshotLists`), so that
 * however many people keep the snapshots page open, each daemon is asked about once per change.
 */
export async function listSnapshots(s: Services, filter: { daemon?: string }): Promise<FleetSnapshotsResponse> {
  const { items, errors } = await fanOut(s.daemons, filter.daemon, (row) => s.snapshotLists.get(row.id, () => daemonSnapshots(s, row)));
  return { snapshots: items.sort((a, b) => b.created_at.localeCompare(a.created_at)), errors };
}

async function daemonSnapshots(s: Services, row: DaemonRow): Promise<FleetSnapshot[]> {
  const instances = await s.daemons
    .client(row)
    .get<(LxdInstance & { snapshots?: LxdSnapshotEntry[] | null })[]>('/1.0/instances?recursion=2&all-projects=true', TIMEOUT_MS);
  const daemon = { id: row.id, name: row.name };
  return instances.flatMap((instance) =>
    (instance.snapshots ?? []).map((snap) => ({
      daemon,
      project: instance.project || 'default',
      instance: instance.name,
      // The daemon names a snapshot "instance/snapshot" here.
      name: snap.name.split('/').pop() ?? snap.name,
      created_at: snap.created_at,
      expires_at: snap.expires_at,
      stateful: snap.stateful,
      ...(snap.size != null ? { size: snap.size } : {}),
    })),
  );
}
