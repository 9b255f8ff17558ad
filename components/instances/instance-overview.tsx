import type { ReactNode } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { absoluteTime, locationLabel, relativeTime } from '@/lib/format';
import type { LxdInstance } from '@/lib/lxd-types';
import { formatBytes, formatSeconds } from '@/lib/units';
import { Badge } from '../ui/badge';
import { Card } from '../ui/card';
import { StatusBadge } from './status-badge';

/** The Overview tab: what the instance is, where it runs, what it uses, how to reach it. */
export function InstanceOverview({
  instance,
  daemon,
  pending,
}: {
  instance: LxdInstance;
  daemon?: DaemonView;
  pending?: string;
}) {
  const config = instance.config ?? {};
  const state = instance.state;
  const running = Boolean(state && state.pid > 0);
  const image =
    config['image.description'] || [config['image.os'], config['image.release']].filter(Boolean).join(' ') || '—';
  const limits = instance.expanded_config ?? {};

  return (
    <div className="grid gap-4 lg:grid-cols-3">
      <Section title="Summary" className="lg:col-span-2">
        <dl className="grid grid-cols-1 gap-x-8 sm:grid-cols-2 sm:[&>div:nth-child(2)]:border-t-0">
          <Item label="Status">
            <StatusBadge status={instance.status} pending={pending} />
          </Item>
          <Item label="Type">{instance.type === 'virtual-machine' ? 'Virtual machine' : 'Container'}</Item>
          <Item label="Daemon">
            <span className="inline-flex items-center gap-2">
              {daemon?.name ?? '—'}
              {daemon && <Badge tone={daemon.kind === 'incus' ? 'orange' : 'indigo'}>{daemon.kind === 'incus' ? 'Incus' : 'LXD'}</Badge>}
            </span>
          </Item>
          <Item label="Cluster member">{locationLabel(instance.location)}</Item>
          <Item label="Project">{instance.project ?? 'default'}</Item>
          <Item label="Architecture">{instance.architecture || '—'}</Item>
          <Item label="Image">{image}</Item>
          <Item label="Profiles">
            <span className="flex flex-wrap gap-1">
              {instance.profiles.length === 0 && '—'}
              {instance.profiles.map((p) => (
                <Badge key={p} tone="grey">
                  {p}
                </Badge>
              ))}
            </span>
          </Item>
          <Item label="Created">
            <time dateTime={instance.created_at} title={absoluteTime(instance.created_at)}>
              {relativeTime(instance.created_at)}
            </time>
          </Item>
          <Item label="Last used">
            <time dateTime={instance.last_used_at} title={absoluteTime(instance.last_used_at)}>
              {relativeTime(instance.last_used_at)}
            </time>
          </Item>
          {instance.description && <Item label="Description">{instance.description}</Item>}
          {instance.ephemeral && <Item label="Ephemeral">Yes: deleted when stopped</Item>}
        </dl>
      </Section>

      <Section title="Usage">
        <dl>
          <Item label="CPU time">{running ? formatSeconds(state!.cpu.usage / 1e9) : '—'}</Item>
          <Item label="Memory">
            {running ? formatBytes(state!.memory.usage) : '—'}
            {limits['limits.memory'] && <span className="text-zinc-400"> of {limits['limits.memory']}</span>}
          </Item>
          <Item label="Memory peak">{running && state!.memory.usage_peak ? formatBytes(state!.memory.usage_peak) : '—'}</Item>
          <Item label="Swap">{running && state!.memory.swap_usage !== undefined ? formatBytes(state!.memory.swap_usage) : '—'}</Item>
          <Item label="Processes">
            {running && state!.processes >= 0 ? state!.processes : '—'}
            {limits['limits.processes'] && <span className="text-zinc-400"> of {limits['limits.processes']}</span>}
          </Item>
          <Item label="CPU limit">{limits['limits.cpu'] || limits['limits.cpu.allowance'] || 'none'}</Item>
          {state?.disk?.root && <Item label="Root disk">{formatBytes(state.disk.root.usage)}</Item>}
        </dl>
      </Section>

      <Section title="Network" className="lg:col-span-3">
        <NetworkTable instance={instance} />
      </Section>
    </div>
  );
}

function NetworkTable({ instance }: { instance: LxdInstance }) {
  const nics = Object.entries(instance.state?.network ?? {}).filter(([name]) => name !== 'lo');
  if (nics.length === 0) {
    return (
      <p className="text-[13px] text-zinc-500 dark:text-zinc-400">
        {instance.state?.pid ? 'No network interfaces besides loopback.' : 'Addresses are shown while the instance runs.'}
      </p>
    );
  }
  return (
    <table className="w-full text-[13px]">
      <thead className="text-left text-xs text-zinc-500 dark:text-zinc-400">
        <tr>
          <th className="py-1 pr-4 font-medium">Interface</th>
          <th className="py-1 pr-4 font-medium">State</th>
          <th className="py-1 pr-4 font-medium">Addresses</th>
          <th className="py-1 pr-4 font-medium">MAC</th>
          <th className="py-1 text-right font-medium">Received / sent</th>
        </tr>
      </thead>
      <tbody>
        {nics.map(([name, nic]) => (
          <tr key={name} className="border-t border-zinc-100 align-top dark:border-zinc-800">
            <td className="py-1.5 pr-4 font-medium">{name}</td>
            <td className="py-1.5 pr-4">{nic.state}</td>
            <td className="py-1.5 pr-4 font-mono text-xs">
              {nic.addresses.length === 0
                ? '—'
                : nic.addresses.map((a) => (
                    <div key={a.address}>
                      {a.address}/{a.netmask} <span className="text-zinc-400">{a.scope}</span>
                    </div>
                  ))}
            </td>
            <td className="py-1.5 pr-4 font-mono text-xs">{nic.hwaddr || '—'}</td>
            <td className="py-1.5 text-right tabular-nums">
              {formatBytes(nic.counters.bytes_received)} / {formatBytes(nic.counters.bytes_sent)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Section({ title, className, children }: { title: string; className?: string; children: ReactNode }) {
  return (
    <Card className={className}>
      <h2 className="border-b border-zinc-200 px-4 py-2.5 text-[13px] font-semibold dark:border-zinc-800">{title}</h2>
      <div className="px-4 py-2">{children}</div>
    </Card>
  );
}

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 border-t border-zinc-100 py-2 text-[13px] first:border-t-0 dark:border-zinc-800/70">
      <dt className="shrink-0 text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="min-w-0 text-right break-words text-zinc-900 dark:text-zinc-100">{children}</dd>
    </div>
  );
}
