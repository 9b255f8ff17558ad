import type { LimitTarget } from './target';

/** What the limits need to know about the host an instance runs on. */
export interface HostFacts {
  cpus: number[];
  memoryBytes: number | null;
}

interface LxdResources {
  cpu: { total: number; sockets: { cores: { threads: { id: number; online?: boolean }[] }[] }[] };
  memory?: { total: number };
}

const TTL_MS = 60_000;

/**
 * The CPUs and memory of the machine that runs the instance, asked of the daemon (not of
 * Hangar's own host); in a cluster, of the member the instance is on. Cached for a minute.
 */
export function hostFacts(target: LimitTarget, location: string | undefined): Promise<HostFacts> {
  const member = target.row.clustered === 1 && location && location !== 'none' ? location : '';
  const key = `${target.row.id}/${member}`;
  const cache = target.caches.hostFacts;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.facts;
  const facts = target.client
    .get<LxdResources>(`/1.0/resources${member ? `?target=${encodeURIComponent(member)}` : ''}`)
    .then(toHostFacts);
  facts.catch(() => cache.delete(key));
  cache.set(key, { at: Date.now(), facts });
  return facts;
}

export function toHostFacts(resources: LxdResources): HostFacts {
  const cpus = resources.cpu.sockets
    .flatMap((socket) => socket.cores.flatMap((core) => core.threads))
    .filter((thread) => thread.online !== false)
    .map((thread) => thread.id)
    .sort((a, b) => a - b);
  return { cpus, memoryBytes: resources.memory?.total ?? null };
}
