'use client';
import dynamic from 'next/dynamic';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { FleetNetwork, FleetNetworkAcl } from '@/lib/api-types';
import { useRoleReason } from '@/lib/api/me';
import { useFleetNetworks } from '@/lib/api/networks';
import { networkKeys } from '@/lib/query-keys';
import { Badge } from '../ui/badge';
import { Button, CreateButton } from '../ui/button';
import { Checkbox } from '../ui/field';
import { PlusIcon, ServerIcon } from '../ui/icons';
import { MenuCell } from '../ui/menu';
import { ListTable } from '../ui/list-table';
import { InfraToolbar, useFleetFilter, UsedBy } from './infra-bits';
import type { AclDialog } from './acl-dialogs';
import type { NetworkDialog } from './network-dialogs';
import { ListPage } from '../ui/list-page';
import { Section } from '../ui/section';

const NetworkDialogs = dynamic(() => import('./network-dialogs').then((m) => m.NetworkDialogs), { ssr: false });
const AclDialogs = dynamic(() => import('./acl-dialogs').then((m) => m.AclDialogs), { ssr: false });

const DEFAULTS = { q: '', daemon: '', all: '' };

/** The addresses a managed network gives itself, in words. */
function addresses(n: FleetNetwork): string {
  const list = [n.config['ipv4.address'], n.config['ipv6.address']].filter((a) => a && a !== 'none');
  return list.length ? list.join(', ') : n.managed && n.type === 'bridge' ? 'none' : '—';
}

/** Daemon, then project, then name. */
const byPlace = (a: FleetNetworkAcl | FleetNetwork, b: FleetNetworkAcl | FleetNetwork) =>
  a.daemon.name.localeCompare(b.daemon.name) || a.project.localeCompare(b.project) || a.name.localeCompare(b.name);

/** `/networks`: every daemon's networks (managed ones first; the host's own on request), with the admin's changes. */
export function NetworksPage() {
  const queryClient = useQueryClient();
  const networks = useFleetNetworks();
  const { daemons, view, setView, needle, matches } = useFleetFilter(DEFAULTS);
  const [dialog, setDialog] = useState<NetworkDialog | null>(null);
  const [aclDialog, setAclDialog] = useState<AclDialog | null>(null);
  const adminReason = useRoleReason('manageInfrastructure', 'change networks');

  const rows = useMemo(
    () =>
      (networks.data?.networks ?? [])
        .filter((n) => (view.all || n.managed) && matches(n.daemon.id, [n.name, n.type, n.project, n.daemon.name, n.description, ...n.usedBy, ...Object.values(n.config)]))
        .sort(byPlace),
    [networks.data, view.all, matches],
  );
  const acls = useMemo(
    () =>
      (networks.data?.acls ?? [])
        .filter((a) => matches(a.daemon.id, [a.name, a.project, a.daemon.name, a.description, ...a.usedBy]))
        .sort(byPlace),
    [networks.data, matches],
  );
  const aclDaemons = useMemo(
    () => (daemons.data ?? []).filter((d) => d.status === 'online' && networks.data?.aclDaemons.includes(d.id)),
    [daemons.data, networks.data],
  );
  // The dialog closes once the daemon has done it; the list catches up on its own.
  const refresh = async () => void queryClient.invalidateQueries({ queryKey: networkKeys.all });

  return (
    <>
      <ListPage
        title="Networks"
        subtitle={networks.data ? `${rows.length} networks shown of ${networks.data.networks.length}` : 'Networks of every daemon'}
        query={networks}
        actions={
          <CreateButton disabledReason={adminReason ?? (daemons.data ? null : 'Loading daemons…')} onClick={() => setDialog({ kind: 'create' })}>
            Create network
          </CreateButton>
        }
        what="networks"
      >
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data} onChange={setView} placeholder="Search networks, users, config…">
          <Checkbox label="Show host interfaces" checked={Boolean(view.all)} onChange={(e) => setView({ all: e.target.checked ? '1' : '' })} className="mb-1.5" />
        </InfraToolbar>
        <ListTable query={networks} what="networks" count={rows.length} empty={{ icon: <ServerIcon size={18} />, title: needle || view.daemon ? 'No networks match' : 'No managed networks', text: view.all ? null : 'Host interfaces are hidden; tick "Show host interfaces" to see them.' }} columns={['Daemon', 'Project', 'Name', 'Type', 'Managed', 'State', 'Addresses', 'Description', 'Used by', { label: 'Actions', srOnly: true }]} aria-label="Networks">
          {rows.map((n) => (
            <tr key={`${n.daemon.id}/${n.project}/${n.name}`} data-network={n.name} data-daemon={n.daemon.name} data-project={n.project}>
              <td className="px-4 py-1.5 whitespace-nowrap">{n.daemon.name}</td>
              <td className="px-3 py-1.5">{n.project}</td>
              <td className="px-3 py-1.5 font-medium">{n.name}</td>
              <td className="px-3 py-1.5">{n.type}</td>
              <td className="px-3 py-1.5">{n.managed ? 'yes' : 'no'}</td>
              <td className="px-3 py-1.5">{n.status ? <Badge tone={n.status === 'Created' ? 'green' : 'amber'}>{n.status}</Badge> : '—'}</td>
              <td className="px-3 py-1.5 font-mono text-xs">{addresses(n)}</td>
              <td className="px-3 py-1.5">{n.description || '—'}</td>
              <td className="px-3 py-1.5">
                <UsedBy entries={n.usedBy} />
              </td>
              <MenuCell
                label={`Actions for network ${n.name} on ${n.daemon.name}`}
                entries={[
                  { label: 'State and leases…', onSelect: () => setDialog({ kind: 'state', network: n }), disabledReason: n.managed ? null : 'Only managed networks report state here' },
                  { label: 'Edit…', onSelect: () => setDialog({ kind: 'edit', network: n }), disabledReason: adminReason ?? (n.managed ? null : 'A host interface is not managed by the daemon') },
                  'separator',
                  { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', network: n }), disabledReason: adminReason ?? (n.managed ? null : 'A host interface is not managed by the daemon') },
                ]}
              />
            </tr>
          ))}
        </ListTable>
        <AclTable
          acls={acls}
          query={networks}
          createReason={adminReason ?? (aclDaemons.length ? null : 'No online daemon has network ACLs')}
          adminReason={adminReason}
          onDialog={setAclDialog}
        />
      </ListPage>
      {dialog && <NetworkDialogs dialog={dialog} onDone={refresh} onClose={() => setDialog(null)} />}
      {aclDialog && <AclDialogs dialog={aclDialog} daemons={aclDaemons} onDone={refresh} onClose={() => setAclDialog(null)} />}
    </>
  );
}

/** The network ACLs of the daemons that have them, with the admin's changes. */
function AclTable({
  acls,
  query,
  createReason,
  adminReason,
  onDialog,
}: {
  acls: FleetNetworkAcl[];
  query: { isPending: boolean };
  createReason: string | null;
  adminReason: string | null;
  onDialog: (dialog: AclDialog) => void;
}) {
  return (
    <Section
      title="Network ACLs"
      className="pt-3"
      actions={
        <Button icon={<PlusIcon size={14} />} disabledReason={createReason} onClick={() => onDialog({ kind: 'create' })}>
          Create ACL
        </Button>
      }
    >
      <ListTable query={query} what="network ACLs" count={acls.length} empty={{ icon: <ServerIcon size={18} />, title: 'No network ACLs', text: 'Daemons with network ACLs (the network_acl API extension) list theirs here.' }} columns={['Daemon', 'Project', 'Name', 'Description', 'Rules', 'Used by', { label: 'Actions', srOnly: true }]} aria-label="Network ACLs">
        {acls.map((a) => (
          <tr key={`${a.daemon.id}/${a.project}/${a.name}`} data-acl={a.name} data-daemon={a.daemon.name}>
            <td className="px-4 py-1.5 whitespace-nowrap">{a.daemon.name}</td>
            <td className="px-3 py-1.5">{a.project}</td>
            <td className="px-3 py-1.5 font-medium">{a.name}</td>
            <td className="px-3 py-1.5">{a.description || '—'}</td>
            <td className="px-3 py-1.5 text-xs whitespace-nowrap">
              {a.ingress.length} in · {a.egress.length} out
            </td>
            <td className="px-3 py-1.5">
              <UsedBy entries={a.usedBy} />
            </td>
            <MenuCell
              label={`Actions for network ACL ${a.name} on ${a.daemon.name}`}
              entries={[
                { label: 'Edit rules…', onSelect: () => onDialog({ kind: 'edit', acl: a }), disabledReason: adminReason },
                'separator',
                { label: 'Delete…', danger: true, onSelect: () => onDialog({ kind: 'delete', acl: a }), disabledReason: adminReason },
              ]}
            />
          </tr>
        ))}
      </ListTable>
    </Section>
  );
}
