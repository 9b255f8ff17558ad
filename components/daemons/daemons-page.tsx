'use client';
import { useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { useMe } from '@/lib/api/me';
import { shortFingerprint } from '@/lib/format';
import { can } from '@/lib/roles';
import { Badge, StatusDot, type Tone } from '../ui/badge';
import { CreateButton } from '../ui/button';
import { CopyButton } from '../ui/copy-button';
import { cx } from '../ui/cx';
import { MoreIcon, PencilIcon, ServerIcon, TrashIcon } from '../ui/icons';
import { Menu } from '../ui/menu';
import { PageHeader } from '../ui/page-header';
import { AddDaemonDialog } from './add-daemon-dialog';
import { RemoveDaemonDialog } from './remove-daemon-dialog';
import { RenameDaemonDialog } from './rename-daemon-dialog';
import { ListTable } from '../ui/list-table';

const STATUS_TONES: Record<DaemonView['status'], Tone> = { online: 'green', offline: 'red', untrusted: 'amber' };

type OpenDialog = { kind: 'add' } | { kind: 'rename' | 'remove'; daemon: DaemonView } | null;

export function DaemonsPage() {
  const { data: me } = useMe();
  const daemons = useDaemons({ poll: true });
  // Dialogs live here, not in the rows: a removed daemon's row goes away while its dialog may still show a warning.
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const manageReason = can(me?.role, 'manageDaemons') ? null : 'Only admins can add, rename or remove daemons';
  const list = daemons.data ?? [];
  const online = list.filter((d) => d.status === 'online').length;

  return (
    <>
      <PageHeader
        title="Daemons"
        subtitle={daemons.data ? `${list.length} daemons · ${online} online` : 'The LXD and Incus servers Hangar manages'}
        actions={
          <>
            <CreateButton disabledReason={manageReason} onClick={() => setDialog({ kind: 'add' })}>
              Add daemon
            </CreateButton>
          </>
        }
      />
      <ListTable
        query={daemons}
        what="daemons"
        count={list.length}
        errorTitle="The daemon list could not be loaded"
        columns={['Name', 'Status', 'URL', 'Version', 'Cluster', 'Certificate', { label: 'Actions', className: 'w-10 px-2', srOnly: true }]}
        empty={{
          icon: <ServerIcon size={18} />,
          title: 'No daemons yet',
          text: 'Add an LXD or Incus server with a trust token to start managing its instances.',
          action: !manageReason && (
            <CreateButton onClick={() => setDialog({ kind: 'add' })}>
              Add one
            </CreateButton>
          ),
        }}
      >
        {list.map((d) => (
          <DaemonRow
            key={d.id}
            daemon={d}
            manageReason={manageReason}
            onRename={() => setDialog({ kind: 'rename', daemon: d })}
            onRemove={() => setDialog({ kind: 'remove', daemon: d })}
          />
        ))}
      </ListTable>
      {dialog?.kind === 'add' && <AddDaemonDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'rename' && <RenameDaemonDialog daemon={dialog.daemon} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'remove' && <RemoveDaemonDialog daemon={dialog.daemon} onClose={() => setDialog(null)} />}
    </>
  );
}

function DaemonRow({
  daemon,
  manageReason,
  onRename,
  onRemove,
}: {
  daemon: DaemonView;
  manageReason: string | null;
  onRename: () => void;
  onRemove: () => void;
}) {
  return (
    <tr data-daemon={daemon.name} className="align-middle hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <td className="px-4 py-2.5">
        <div className="flex items-center gap-2">
          <span className="font-medium text-zinc-900 dark:text-zinc-100">{daemon.name}</span>
          <Badge tone={daemon.kind === 'incus' ? 'orange' : 'indigo'}>{daemon.kind === 'incus' ? 'Incus' : 'LXD'}</Badge>
        </div>
      </td>
      <td className="max-w-xs px-3 py-2.5">
        <Badge tone={STATUS_TONES[daemon.status]} dot>
          {daemon.status}
        </Badge>
        {daemon.error && <p className="mt-1 text-xs break-words text-red-600 dark:text-red-400">{daemon.error}</p>}
      </td>
      <td className="px-3 py-2.5 font-mono text-xs whitespace-nowrap text-zinc-600 dark:text-zinc-400">{daemon.url}</td>
      <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">{daemon.version || '—'}</td>
      <td className="px-3 py-2.5">
        {daemon.clustered ? (
          <ul className="space-y-0.5" aria-label={`Members of ${daemon.name}`}>
            {(daemon.members ?? []).map((m) => (
              <li key={m.name} className="flex items-center gap-1.5 text-xs whitespace-nowrap" title={m.url}>
                <StatusDot tone={m.status === 'Online' ? 'green' : m.status === 'Evacuated' ? 'amber' : 'red'} />
                <span className="font-medium">{m.name}</span>
                <span className="text-zinc-500 dark:text-zinc-400">{m.status}</span>
              </li>
            ))}
            {!daemon.members?.length && <li className="text-xs text-zinc-500">Clustered</li>}
          </ul>
        ) : (
          <span className="text-zinc-500 dark:text-zinc-400">Standalone</span>
        )}
      </td>
      <td className="px-3 py-2.5">
        {daemon.fingerprint ? (
          <span className="inline-flex items-center gap-1">
            <code className={cx('font-mono text-xs text-zinc-600 dark:text-zinc-400')} title={daemon.fingerprint}>
              {shortFingerprint(daemon.fingerprint)}
            </code>
            <CopyButton value={daemon.fingerprint} label={`Copy fingerprint of ${daemon.name}`} />
          </span>
        ) : (
          <span className="text-xs text-zinc-500">local socket</span>
        )}
      </td>
      <td className="px-2 py-2 text-right">
        <Menu
          label={`Actions for ${daemon.name}`}
          trigger={<MoreIcon />}
          entries={[
            { label: 'Rename…', icon: <PencilIcon size={14} />, onSelect: onRename, disabledReason: manageReason },
            { label: 'Remove…', icon: <TrashIcon size={14} />, onSelect: onRemove, disabledReason: manageReason, danger: true },
          ]}
        />
      </td>
    </tr>
  );
}
