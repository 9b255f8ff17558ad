'use client';
/** The Networks page's dialogs, loaded when one opens. Every failure keeps the daemon's words. */
import { useState } from 'react';
import type { FleetNetwork } from '@/lib/api-types';
import {
  createNetwork,
  defaultNetworkConfig,
  deleteNetwork,
  editNetwork,
  useNetworkLeases,
  useNetworkState,
  NETWORK_TYPES,
  type NetworkType,
} from '@/lib/api/networks';
import { errorMessage } from '@/lib/format';
import { formatBytes } from '@/lib/units';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { SelectField, TextField } from '../ui/field';
import { ConfigLinesField, useConfigLines, useOnlineDaemon, EditConfigDialog, type Close } from './config-field';
import { configLines, configPatch } from './config-lines';
import { Loading } from '../ui/query-state';
import { usedByLabel } from './infra-bits';
import { ProjectSelect } from './project-select';

export type NetworkDialog = { kind: 'create' } | { kind: 'edit' | 'delete' | 'state'; network: FleetNetwork };

export function NetworkDialogs({ dialog, onDone, onClose }: Close & { dialog: NetworkDialog }) {
  switch (dialog.kind) {
    case 'create':
      return <CreateNetworkDialog onDone={onDone} onClose={onClose} />;
    case 'edit':
      return <EditNetworkDialog network={dialog.network} onDone={onDone} onClose={onClose} />;
    case 'state':
      return <NetworkStateDialog network={dialog.network} onClose={onClose} />;
    case 'delete':
      return (
        <ActionDialog
          title={`Delete network ${dialog.network.name}?`}
          description={
            dialog.network.usedBy.length
              ? `On ${dialog.network.daemon.name}. It is used by ${dialog.network.usedBy.map(usedByLabel).join(', ')}: the daemon will refuse.`
              : `On ${dialog.network.daemon.name}.`
          }
          confirmLabel="Delete network"
          danger
          onConfirm={() => deleteNetwork({ daemonId: dialog.network.daemon.id, name: dialog.network.name, project: dialog.network.project })}
          onDone={onDone}
          onClose={onClose}
        />
      );
  }
}

function CreateNetworkDialog({ onDone, onClose }: Close) {
  const { daemon, select: daemonSelect } = useOnlineDaemon();
  const [name, setName] = useState('');
  const [project, setProject] = useState('default');
  const [type, setType] = useState<NetworkType>('bridge');
  const [description, setDescription] = useState('');
  const config = useConfigLines(defaultNetworkConfig('bridge'));
  return (
    <ActionDialog
      title="Create a network"
      description={`${daemon?.clustered ? 'On a cluster, member-specific keys (parent) are set per member by the daemon; it says which. ' : ''}A project other than default needs its own networks (features.networks).`}
      confirmLabel="Create network"
      missing={!daemon ? 'No daemon online' : !name.trim() ? 'Give it a name' : config.error}
      onConfirm={() => createNetwork({ daemonId: daemon!.id, name: name.trim(), project }, { type, description, config: config.value })}
      onDone={onDone}
      onClose={onClose}
    >
      <div className="grid grid-cols-2 gap-3">
        {daemonSelect}
        <ProjectSelect daemonId={daemon?.id} value={project} onChange={setProject} />
      </div>
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} hint="At most 15 characters (an interface name)." autoFocus />
      <SelectField
        label="Type"
        value={type}
        onChange={(e) => {
          const next = e.target.value as NetworkType;
          setType(next);
          config.setText(configLines(defaultNetworkConfig(next)));
        }}
      >
        {NETWORK_TYPES.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </SelectField>
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <ConfigLinesField
        state={config}
        hint={type === 'bridge' ? 'ipv4.address / ipv6.address: a CIDR, "auto" or "none".' : 'parent: the host interface to attach to.'}
      />
    </ActionDialog>
  );
}

function EditNetworkDialog({ network, onDone, onClose }: Close & { network: FleetNetwork }) {
  return (
    <EditConfigDialog
      title={`Edit network ${network.name}`}
      description={`${network.type} on ${network.daemon.name}${network.project !== 'default' ? `, project ${network.project}` : ''}.`}
      initial={network}
      hint="Remove a line to unset the key."
      save={({ description, config }) =>
        editNetwork({ daemonId: network.daemon.id, name: network.name, project: network.project }, { description, config: configPatch(network.config, config) })
      }
      onDone={onDone}
      onClose={onClose}
    />
  );
}

function NetworkStateDialog({ network, onClose }: { network: FleetNetwork; onClose: () => void }) {
  const ref = { daemonId: network.daemon.id, name: network.name, project: network.project };
  const state = useNetworkState(ref);
  const leases = useNetworkLeases(ref, network.type === 'bridge');
  return (
    <Dialog title={`${network.name} on ${network.daemon.name}`} onClose={onClose}>
      <DialogBody>
        {state.isPending ? (
          <Loading what="state" />
        ) : state.error ? (
          <Alert kind="error">{errorMessage(state.error)}</Alert>
        ) : (
          <dl className="grid grid-cols-[8rem_1fr] gap-1 text-[13px]">
            <dt className="text-zinc-500">State</dt>
            <dd>{state.data.state}</dd>
            <dt className="text-zinc-500">MTU</dt>
            <dd>{state.data.mtu}</dd>
            <dt className="text-zinc-500">MAC</dt>
            <dd className="font-mono text-xs">{state.data.hwaddr || '—'}</dd>
            <dt className="text-zinc-500">Addresses</dt>
            <dd className="font-mono text-xs">{state.data.addresses.map((a) => `${a.address}/${a.netmask}`).join(', ') || 'none'}</dd>
            <dt className="text-zinc-500">Traffic</dt>
            <dd>
              {formatBytes(state.data.counters.bytes_received)} in · {formatBytes(state.data.counters.bytes_sent)} out
            </dd>
          </dl>
        )}
        {network.type === 'bridge' && (
          <div className="mt-3 text-[13px]">
            <h3 className="mb-1 font-medium">DHCP leases</h3>
            {leases.error ? (
              <Alert kind="warning">{errorMessage(leases.error)}</Alert>
            ) : !leases.data?.length ? (
              <p className="text-zinc-500">None.</p>
            ) : (
              <ul className="font-mono text-xs">
                {leases.data.map((l) => (
                  <li key={`${l.hwaddr}-${l.address}`}>
                    {l.hostname || '—'} {l.address} {l.hwaddr} ({l.type})
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </DialogBody>
      <DialogFooter>
        <Button onClick={onClose}>Close</Button>
      </DialogFooter>
    </Dialog>
  );
}
