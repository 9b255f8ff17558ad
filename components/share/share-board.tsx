'use client';
import { useState } from 'react';
import type { FleetInstance } from '@/lib/api-types';
import { isGone, SHARE_POLL_MS, useSharedInstances, useShareEvents } from '@/lib/api/shares';
import { absoluteTime, errorMessage, locationLabel, relativeTime } from '@/lib/format';
import { formatBytes } from '@/lib/units';
import { statusTone } from '../instances/status-badge';
import { Logo } from '../shell/logo';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Spinner } from '../ui/spinner';
import { useNow } from '../ui/use-now';
import { ShareGone } from './share-gone';
import { cpuLimitCount, memoryLimitBytes, processLimit } from '@/lib/limits';
import { instanceKey } from '@/lib/live';
import { cpuCores, fraction, type CpuSample } from './usage';
import { Meter } from './meter';
import { Loading } from '../ui/query-state';

/**
 * The public, read-only screen of a share link: the shared instances with live status, usage
 * and limits, refreshed at once on a change and every few seconds for usage. Deliberately no
 * links, buttons or forms.
 */
export function ShareBoard({ token, name, expiresAt }: { token: string; name: string; expiresAt: string }) {
  const query = useSharedInstances(token);
  useShareEvents(token);
  const cores = useCpuRates(query.data?.instances, query.dataUpdatedAt);
  const now = useNow(1000);

  if (isGone(query.error)) return <ShareGone />;
  const instances = [...(query.data?.instances ?? [])].sort(
    (a, b) => a.daemon.name.localeCompare(b.daemon.name) || a.project.localeCompare(b.project) || a.name.localeCompare(b.name),
  );
  const running = instances.filter((i) => i.status.toLowerCase() === 'running').length;
  const age = query.dataUpdatedAt ? Math.max(0, Math.round((now - query.dataUpdatedAt) / 1000)) : null;
  const stale = age !== null && age * 1000 > SHARE_POLL_MS * 3;

  return (
    <main className="min-h-screen bg-zinc-50 px-3 py-4 sm:px-6 sm:py-6 2xl:px-10 dark:bg-zinc-950">
      <header className="mb-5 flex flex-wrap items-center gap-x-4 gap-y-2">
        <Logo size={28} />
        <div className="min-w-0 flex-1">
          <h1 className="truncate text-xl font-semibold tracking-tight text-zinc-900 sm:text-2xl 2xl:text-3xl dark:text-zinc-50">{name}</h1>
          <p className="text-[13px] text-zinc-500 dark:text-zinc-400">
            {query.data ? `${instances.length} instance${instances.length === 1 ? '' : 's'} · ${running} running` : 'Loading…'}
            <span title={absoluteTime(expiresAt)}> · link expires {relativeTime(expiresAt, now)}</span>
          </p>
        </div>
        <p
          role="status"
          aria-live="polite"
          className={`flex w-full items-center gap-2 text-[13px] sm:w-auto ${stale ? 'text-amber-600 dark:text-amber-400' : 'text-zinc-500 dark:text-zinc-400'}`}
        >
          {query.isFetching ? <Spinner size={12} /> : <span aria-hidden="true" className={`size-2 rounded-full ${stale ? 'bg-amber-500' : 'bg-emerald-500'}`} />}
          {age === null ? 'Connecting…' : stale ? `Not updated for ${age} s` : `Live · updated ${age} s ago`}
        </p>
      </header>

      {query.error && !isGone(query.error) && (
        <Alert kind="warning" className="mb-4">
          Could not refresh: {errorMessage(query.error)}. Trying again…
        </Alert>
      )}
      {query.data?.errors.map((e) => (
        <Alert key={e.daemon} kind="warning" className="mb-4">
          {e.daemon}: {e.message}
        </Alert>
      ))}

      {query.isPending ? (
        <Loading what="instances" className="p-6" />
      ) : instances.length === 0 ? (
        <p className="p-6 text-center text-[15px] text-zinc-500">Nothing to show: no instance is in this link&apos;s scope right now.</p>
      ) : (
        <ul
          aria-label="Shared instances"
          className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4 2xl:grid-cols-5 min-[2400px]:grid-cols-6"
        >
          {instances.map((i) => (
            <InstanceCard key={instanceKey(i.daemon.id, i.project, i.name)} instance={i} cores={cores.get(instanceKey(i.daemon.id, i.project, i.name)) ?? null} />
          ))}
        </ul>
      )}
    </main>
  );
}

function InstanceCard({ instance: i, cores }: { instance: FleetInstance; cores: number | null }) {
  const cpuLimit = cpuLimitCount(i.limits.cpu);
  const memLimit = memoryLimitBytes(i.limits.memory, null);
  const procLimit = processLimit(i.limits.processes);
  const running = i.status.toLowerCase() === 'running';
  const limits = Object.entries(i.limits).sort(([a], [b]) => a.localeCompare(b));
  return (
    <li
      data-instance={i.name}
      className="rounded-xl border border-zinc-200 bg-white p-4 shadow-xs 2xl:p-5 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 className="truncate text-base font-semibold text-zinc-900 2xl:text-lg dark:text-zinc-50" title={i.name}>
            {i.name}
          </h2>
          <p className="truncate text-xs text-zinc-500 dark:text-zinc-400">
            {i.daemon.name} · {i.project}
            {locationLabel(i.location) !== '—' && ` · ${i.location}`}
            {i.type === 'virtual-machine' && ' · VM'}
          </p>
        </div>
        <Badge tone={statusTone(i.status)} dot>
          {i.status}
        </Badge>
      </div>
      <div className="mt-3 space-y-2.5">
        <Meter
          label="CPU"
          value={running && cores !== null ? `${(cores * 100).toFixed(0)}%` : '—'}
          limit={cpuLimit === null ? undefined : `${cpuLimit} CPU${cpuLimit === 1 ? '' : 's'}`}
          fraction={running ? fraction(cores, cpuLimit ?? 1) : null}
        />
        <Meter
          label="Memory"
          value={running ? formatBytes(i.usage.memoryBytes) : '—'}
          limit={i.limits.memory}
          fraction={running ? fraction(i.usage.memoryBytes, memLimit) : null}
        />
        <Meter
          label="Processes"
          value={running && i.usage.processes !== null ? String(i.usage.processes) : '—'}
          limit={i.limits.processes}
          fraction={running ? fraction(i.usage.processes, procLimit) : null}
        />
      </div>
      {limits.length > 0 && (
        <dl aria-label={`Limits of ${i.name}`} className="mt-3 flex flex-wrap gap-1.5 border-t border-zinc-100 pt-3 dark:border-zinc-800">
          {limits.map(([key, value]) => (
            <div key={key} className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] dark:bg-zinc-800">
              <dt className="inline text-zinc-500 dark:text-zinc-400">{key} </dt>
              <dd className="inline font-medium text-zinc-800 dark:text-zinc-200">{value}</dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}

/** CPUs in use per instance, from the last two polls (state kept across renders, derived in render). */
function useCpuRates(instances: FleetInstance[] | undefined, updatedAt: number): Map<string, number> {
  const [samples, setSamples] = useState<{ previous: Map<string, CpuSample>; current: Map<string, CpuSample>; at: number }>({
    previous: new Map(),
    current: new Map(),
    at: 0,
  });
  if (instances && updatedAt !== samples.at) {
    const current = new Map<string, CpuSample>();
    for (const i of instances) {
      if (i.usage.cpuSeconds !== null) current.set(instanceKey(i.daemon.id, i.project, i.name), { cpuSeconds: i.usage.cpuSeconds, at: updatedAt });
    }
    setSamples({ previous: samples.current, current, at: updatedAt });
  }
  const rates = new Map<string, number>();
  for (const [key, sample] of samples.current) {
    const cores = cpuCores(samples.previous.get(key), sample);
    if (cores !== null) rates.set(key, cores);
  }
  return rates;
}
