'use client';
/** The Storage page's dialogs, loaded when one opens. Every failure keeps the daemon's words. */
import { useState } from 'react';
import type { FleetPool } from '@/lib/api-types';
import { useFleet } from '@/lib/api/instances';
import {
  attachVolume,
  createPool,
  createVolume,
  deleteVolume,
  detachVolume,
  editPool,
  instanceOfUser,
  resizeVolume,
  snapshotVolume,
  volumeRef,
} from '@/lib/api/storage';
import { ActionDialog } from '@/components/ui/action-dialog';
import { SelectField, TextField } from '../ui/field';
import { ConfigLinesField, useConfigLines, useOnlineDaemon, EditConfigDialog, type Close } from './config-field';
import { configPatch } from './config-lines';
import { PoolSelect, poolKey } from './pool-select';
import { ProjectSelect } from './project-select';
import type { VolumeRow } from './storage-page';
import { CopyVolumeDialog } from './volume-copy-dialog';

export type StorageDialog =
  | { kind: 'create-volume'; pool?: FleetPool }
  | { kind: 'create-pool' }
  | { kind: 'edit-pool'; pool: FleetPool }
  | { kind: 'resize' | 'snapshot' | 'attach' | 'detach' | 'delete' | 'copy'; volume: VolumeRow };

interface Props {
  dialog: StorageDialog;
  pools: FleetPool[];
  onDone: () => Promise<unknown>;
  onClose: () => void;
}

export function StorageDialogs({ dialog, pools, onDone, onClose }: Props) {
  switch (dialog.kind) {
    case 'create-volume':
      return <CreateVolumeDialog pools={pools} initial={dialog.pool} onDone={onDone} onClose={onClose} />;
    case 'create-pool':
      return <CreatePoolDialog onDone={onDone} onClose={onClose} />;
    case 'edit-pool':
      return <EditPoolDialog pool={dialog.pool} onDone={onDone} onClose={onClose} />;
    case 'copy':
      return <CopyVolumeDialog volume={dialog.volume} pools={pools} onDone={onDone} onClose={onClose} />;
    case 'resize':
      return <ResizeDialog volume={dialog.volume} onDone={onDone} onClose={onClose} />;
    case 'snapshot':
      return <SnapshotDialog volume={dialog.volume} onDone={onDone} onClose={onClose} />;
    case 'attach':
      return <AttachDialog volume={dialog.volume} onDone={onDone} onClose={onClose} />;
    case 'detach':
      return <DetachDialog volume={dialog.volume} onDone={onDone} onClose={onClose} />;
    case 'delete':
      return (
        <ActionDialog
          title={`Delete volume ${dialog.volume.name}?`}
          description={`On ${dialog.volume.pool.daemon.name}, pool ${dialog.volume.pool.name}. Its data and its ${dialog.volume.snapshots} snapshots are removed for good.`}
          confirmLabel="Delete volume"
          danger
          onConfirm={() => deleteVolume(volumeRef(dialog.volume))}
          onDone={onDone}
          onClose={onClose}
        />
      );
  }
}


function CreateVolumeDialog({ pools, initial, onDone, onClose }: Close & { pools: FleetPool[]; initial?: FleetPool }) {
  const [where, setWhere] = useState(initial ? poolKey(initial) : pools[0] ? poolKey(pools[0]) : '');
  const pool = pools.find((p) => poolKey(p) === where);
  const [project, setProject] = useState('default');
  const [name, setName] = useState('');
  const [size, setSize] = useState('');
  const [contentType, setContentType] = useState<'filesystem' | 'block'>('filesystem');
  return (
    <ActionDialog
      title="Create a volume"
      confirmLabel="Create volume"
      missing={!pool ? 'Choose a pool' : name.trim() ? null : 'Give it a name'}
      onConfirm={async () => {
        await createVolume(
          { daemonId: pool!.daemon.id, pool: pool!.name, project, name: name.trim(), target: pool!.location },
          { size: size.trim() || undefined, contentType },
        );
        await onDone();
      }}
      onClose={onClose}
    >
      <PoolSelect pools={pools} value={where} onChange={setWhere} />
      <ProjectSelect daemonId={pool?.daemon.id} value={project} onChange={setProject} />
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <TextField label="Size" value={size} onChange={(e) => setSize(e.target.value)} placeholder="10GiB" hint="Empty: the pool's default." />
      <SelectField label="Content" value={contentType} onChange={(e) => setContentType(e.target.value as 'filesystem' | 'block')}>
        <option value="filesystem">filesystem (containers, mounted at a path)</option>
        <option value="block">block (virtual machines)</option>
      </SelectField>
    </ActionDialog>
  );
}

function CreatePoolDialog({ onDone, onClose }: Close) {
  const { daemon, select: daemonSelect } = useOnlineDaemon();
  const [name, setName] = useState('');
  const [driver, setDriver] = useState('dir');
  const [description, setDescription] = useState('');
  const config = useConfigLines({});
  return (
    <ActionDialog
      title="Create a storage pool"
      description={daemon?.clustered ? 'On a cluster the pool is prepared on every member first, then created.' : undefined}
      confirmLabel="Create pool"
      missing={!daemon ? 'No daemon online' : !name.trim() ? 'Give it a name' : config.error}
      onConfirm={async () => {
        const input = { driver, description, config: config.value };
        const ref = { daemonId: daemon!.id, pool: name.trim() };
        // A cluster wants the pool defined on each member (member-specific keys such as source), then created.
        for (const member of daemon!.clustered ? (daemon!.members ?? []) : []) {
          await createPool({ ...ref, target: member.name }, { driver, description: '', config: {} });
        }
        await createPool(ref, input);
        await onDone();
      }}
      onClose={onClose}
    >
      {daemonSelect}
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <SelectField label="Driver" value={driver} onChange={(e) => setDriver(e.target.value)}>
        {['dir', 'btrfs', 'lvm', 'zfs', 'ceph', 'cephfs'].map((d) => (
          <option key={d}>{d}</option>
        ))}
      </SelectField>
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <ConfigLinesField state={config} hint="Driver keys, e.g. source=/var/lib/pools/p1 or size=20GiB." />
    </ActionDialog>
  );
}

function EditPoolDialog({ pool, onDone, onClose }: Close & { pool: FleetPool }) {
  return (
    <EditConfigDialog
      title={`Edit pool ${pool.name}`}
      description={`On ${pool.daemon.name}${pool.location ? `, member ${pool.location}` : ''}. Driver ${pool.driver}.`}
      initial={pool}
      hint="Remove a line to unset the key."
      save={({ description, config }) => editPool({ daemonId: pool.daemon.id, pool: pool.name, target: pool.location }, { description, config: configPatch(pool.config, config) })}
      onDone={onDone}
      onClose={onClose}
    />
  );
}

function ResizeDialog({ volume, onDone, onClose }: Close & { volume: VolumeRow }) {
  const [size, setSize] = useState(volume.size ?? '');
  return (
    <ActionDialog
      title={`Resize ${volume.name}`}
      description={`Now ${volume.size ?? 'the pool default'}. Shrinking may be refused by the driver.`}
      confirmLabel="Resize"
      missing={size.trim() ? null : 'Give a size'}
      onConfirm={() => resizeVolume(volumeRef(volume), size.trim())}
      onDone={onDone}
      onClose={onClose}
    >
      <TextField label="New size" value={size} onChange={(e) => setSize(e.target.value)} placeholder="20GiB" autoFocus />
    </ActionDialog>
  );
}

function SnapshotDialog({ volume, onDone, onClose }: Close & { volume: VolumeRow }) {
  const [name, setName] = useState('');
  return (
    <ActionDialog
      title={`Snapshot ${volume.name}`}
      confirmLabel="Take snapshot"
      onConfirm={() => snapshotVolume(volumeRef(volume), name.trim())}
      onDone={onDone}
      onClose={onClose}
    >
      <TextField label="Snapshot name" value={name} onChange={(e) => setName(e.target.value)} hint="Empty: the daemon names it (snap0, snap1…)." autoFocus />
    </ActionDialog>
  );
}

function AttachDialog({ volume, onDone, onClose }: Close & { volume: VolumeRow }) {
  const fleet = useFleet();
  // Same daemon and project; a volume on a member's local pool only reaches that member's instances.
  const candidates = (fleet.data?.instances ?? []).filter(
    (i) => i.daemon.id === volume.pool.daemon.id && i.project === volume.project && (!volume.location || i.location === volume.location),
  );
  const [instance, setInstance] = useState('');
  const chosen = instance || candidates[0]?.name || '';
  const [device, setDevice] = useState(volume.name.replace(/[^a-zA-Z0-9_-]/g, '-').slice(0, 32));
  const [path, setPath] = useState(volume.contentType === 'block' ? '' : `/mnt/${volume.name}`);
  return (
    <ActionDialog
      title={`Attach ${volume.name} to an instance`}
      description="Adds a disk device to the instance; a running container sees it at once."
      confirmLabel="Attach"
      missing={!chosen ? 'No instance of this daemon and project' : device.trim() ? null : 'Name the device'}
      onConfirm={() => attachVolume(volumeRef(volume), { instance: chosen, device: device.trim(), path: path.trim() })}
      onDone={onDone}
      onClose={onClose}
    >
      <SelectField label="Instance" value={chosen} onChange={(e) => setInstance(e.target.value)} disabled={fleet.isPending}>
        {candidates.map((i) => (
          <option key={i.name} value={i.name}>
            {i.name} ({i.status})
          </option>
        ))}
      </SelectField>
      <TextField label="Device name" value={device} onChange={(e) => setDevice(e.target.value)} />
      <TextField label="Path inside the instance" value={path} onChange={(e) => setPath(e.target.value)} hint={volume.contentType === 'block' ? 'Block volumes are attached to VMs without a path.' : undefined} />
    </ActionDialog>
  );
}

function DetachDialog({ volume, onDone, onClose }: Close & { volume: VolumeRow }) {
  const users = volume.usedBy.map(instanceOfUser).filter((n): n is string => Boolean(n));
  const [instance, setInstance] = useState(users[0] ?? '');
  return (
    <ActionDialog
      title={`Detach ${volume.name}`}
      description="Removes the instance's disk devices for this volume. The volume and its data stay."
      confirmLabel="Detach"
      danger
      missing={instance ? null : 'No instance uses it directly (a profile may)'}
      onConfirm={() => detachVolume(volumeRef(volume), instance)}
      onDone={onDone}
      onClose={onClose}
    >
      <SelectField label="Instance" value={instance} onChange={(e) => setInstance(e.target.value)}>
        {users.map((u) => (
          <option key={u}>{u}</option>
        ))}
      </SelectField>
    </ActionDialog>
  );
}
