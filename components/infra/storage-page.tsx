'use client';
import dynamic from 'next/dynamic';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { FleetPool, FleetVolume } from '@/lib/api-types';
import { useMe } from '@/lib/api/me';
import { useFleetStorage } from '@/lib/api/storage';
import { allInstanceKeys, storageKeys } from '@/lib/query-keys';
import { can, roleReason } from '@/lib/roles';
import { Badge } from '../ui/badge';
import { Button, CreateButton } from '../ui/button';
import { SelectField } from '../ui/field';
import { LayersIcon } from '../ui/icons';
import { MenuCell } from '../ui/menu';
import { ListTable } from '../ui/list-table';
import { InfraToolbar, UsageBar, UsedBy, useFleetFilter } from './infra-bits';
import type { StorageDialog } from './storage-dialogs';
import { ListPage } from '../ui/list-page';

const StorageDialogs = dynamic(() => import('./storage-dialogs').then((m) => m.StorageDialogs), { ssr: false });

const DEFAULTS = { q: '', daemon: '', type: '' };
const VOLUME_TYPES = ['custom', 'container', 'virtual-machine', 'image'];

export interface VolumeRow extends FleetVolume {
  pool: FleetPool;
}

/** `/storage`: every pool (per member on clusters) with its space, and every volume, with the admin's changes. */
export function StoragePage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const storage = useFleetStorage();
  const { daemons, view, setView, needle, matches } = useFleetFilter(DEFAULTS);
  const [dialog, setDialog] = useState<StorageDialog | null>(null);
  const admin = can(me?.role, 'manageInfrastructure');
  const adminReason = roleReason(me?.role, 'manageInfrastructure', 'change storage');

  const pools = useMemo(
    () =>
      (storage.data?.pools ?? [])
        .filter((p) => !view.daemon || p.daemon.id === view.daemon)
        .sort((a, b) => a.daemon.name.localeCompare(b.daemon.name) || a.name.localeCompare(b.name) || (a.location ?? '').localeCompare(b.location ?? '')),
    [storage.data, view.daemon],
  );
  const volumes = useMemo(() => {
    // A remote pool lists the same volume under every member: once is enough.
    const seen = new Set<string>();
    const rows: VolumeRow[] = [];
    for (const pool of pools) {
      for (const v of pool.volumes) {
        const key = `${pool.daemon.id}/${pool.name}/${v.project}/${v.type}/${v.location}/${v.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (view.type && v.type !== view.type) continue;
        if (!matches(pool.daemon.id, [v.name, v.project, pool.name, pool.daemon.name, v.location, ...v.usedBy])) continue;
        rows.push({ ...v, pool });
      }
    }
    return rows;
  }, [pools, view.type, matches]);

  // The dialog closes once the daemon has done it; the lists catch up on their own.
  const refresh = async () => {
    void queryClient.invalidateQueries({ queryKey: storageKeys.all });
    for (const queryKey of allInstanceKeys) void queryClient.invalidateQueries({ queryKey });
  };

  return (
    <>
      <ListPage
        title="Storage"
        subtitle={storage.data ? `${pools.length} pools · ${volumes.length} volumes` : 'Storage pools and volumes of every daemon'}
        query={storage}
        actions={
          <>
            <Button disabledReason={adminReason ?? (daemons.data ? null : 'Loading daemons…')} onClick={() => setDialog({ kind: 'create-pool' })}>
              Create pool
            </Button>
            <CreateButton disabledReason={adminReason ?? (pools.length ? null : 'No pool to create it in')} onClick={() => setDialog({ kind: 'create-volume' })}>
              Create volume
            </CreateButton>
          </>
        }
        what="storage pools"
      >
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data} onChange={setView} placeholder="Search volumes, pools, users…">
          <SelectField label="Volume type" value={view.type} onChange={(e) => setView({ type: e.target.value })} className="w-40">
            <option value="">All types</option>
            {VOLUME_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </SelectField>
        </InfraToolbar>

        <ListTable query={storage} what="storage pools" count={pools.length} empty={{ icon: <LayersIcon size={18} />, title: 'No storage pools', text: admin ? 'Create one to hold instances and volumes.' : 'An admin can create one.' }} columns={['Daemon', 'Pool', 'Member', 'Driver', 'Status', 'Space', 'Volumes', { label: 'Actions', srOnly: true }]} aria-label="Storage pools">
          {pools.map((pool) => (
            <tr key={`${pool.daemon.id}/${pool.name}/${pool.location ?? ''}`} data-pool={pool.name} data-daemon={pool.daemon.name}>
              <td className="px-4 py-1.5 whitespace-nowrap">{pool.daemon.name}</td>
              <td className="px-3 py-1.5 font-medium">{pool.name}</td>
              <td className="px-3 py-1.5">{pool.location ?? '—'}</td>
              <td className="px-3 py-1.5">{pool.driver}</td>
              <td className="px-3 py-1.5">
                <Badge tone={pool.status === 'Created' ? 'green' : 'amber'}>{pool.status}</Badge>
              </td>
              <td className="px-3 py-1.5">{pool.usage ? <UsageBar used={pool.usage.usedBytes} total={pool.usage.totalBytes} /> : '—'}</td>
              <td className="px-3 py-1.5 tabular-nums">{pool.volumes.length}</td>
              <MenuCell
                label={`Actions for pool ${pool.name} on ${pool.daemon.name}${pool.location ? ` (${pool.location})` : ''}`}
                entries={[
                  { label: 'Create volume here…', onSelect: () => setDialog({ kind: 'create-volume', pool }), disabledReason: adminReason },
                  { label: 'Edit pool…', onSelect: () => setDialog({ kind: 'edit-pool', pool }), disabledReason: adminReason },
                ]}
              />
            </tr>
          ))}
        </ListTable>

        <h2 className="pt-2 text-sm font-semibold text-zinc-700 dark:text-zinc-300">Volumes</h2>
        <ListTable query={storage} what="volumes" count={volumes.length} empty={{ icon: <LayersIcon size={18} />, title: needle || view.type ? 'No volumes match' : 'No volumes yet' }} columns={['Daemon', 'Pool', 'Project', 'Name', 'Type', 'Content', 'Size', 'Snapshots', 'Used by', { label: 'Actions', srOnly: true }]} aria-label="Storage volumes">
          {volumes.map((v) => {
            const custom = v.type === 'custom';
            const why = adminReason ?? (custom ? null : `A ${v.type} volume belongs to its ${v.type === 'image' ? 'image' : 'instance'}`);
            return (
              <tr key={`${v.pool.daemon.id}/${v.pool.name}/${v.project}/${v.type}/${v.location}/${v.name}`} data-volume={v.name} data-daemon={v.pool.daemon.name}>
                <td className="px-4 py-1.5 whitespace-nowrap">
                  {v.pool.daemon.name}
                  {v.location && <span className="text-zinc-500"> · {v.location}</span>}
                </td>
                <td className="px-3 py-1.5">{v.pool.name}</td>
                <td className="px-3 py-1.5">{v.project}</td>
                <td className="px-3 py-1.5 font-medium break-all">{v.name}</td>
                <td className="px-3 py-1.5">
                  <Badge tone={custom ? 'indigo' : 'grey'}>{v.type}</Badge>
                </td>
                <td className="px-3 py-1.5">{v.contentType}</td>
                <td className="px-3 py-1.5 whitespace-nowrap">{v.size ?? '—'}</td>
                <td className="px-3 py-1.5 tabular-nums">{v.snapshots}</td>
                <td className="px-3 py-1.5">
                  <UsedBy entries={v.usedBy} />
                </td>
                <MenuCell
                    label={`Actions for volume ${v.name} on ${v.pool.daemon.name}`}
                    entries={[
                      { label: 'Resize…', onSelect: () => setDialog({ kind: 'resize', volume: v }), disabledReason: why },
                      { label: 'Snapshot…', onSelect: () => setDialog({ kind: 'snapshot', volume: v }), disabledReason: why },
                      { label: 'Copy…', onSelect: () => setDialog({ kind: 'copy', volume: v }), disabledReason: why },
                      { label: 'Attach to instance…', onSelect: () => setDialog({ kind: 'attach', volume: v }), disabledReason: why },
                      {
                        label: 'Detach…',
                        onSelect: () => setDialog({ kind: 'detach', volume: v }),
                        disabledReason: why ?? (v.usedBy.length ? null : 'No instance uses it'),
                      },
                      'separator',
                      { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', volume: v }), disabledReason: why },
                    ]}
                  />
              </tr>
            );
          })}
        </ListTable>
      </ListPage>
      {dialog && <StorageDialogs dialog={dialog} pools={pools} onDone={refresh} onClose={() => setDialog(null)} />}
    </>
  );
}
