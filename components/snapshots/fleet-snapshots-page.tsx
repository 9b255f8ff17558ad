'use client';
import Link from 'next/link';
import { useState } from 'react';
import { useDaemons } from '@/lib/api/daemons';
import { useMe } from '@/lib/api/me';
import { useFleetSnapshots } from '@/lib/api/snapshots';
import { absoluteTime, relativeTime } from '@/lib/format';
import { can } from '@/lib/roles';
import { ImportBackupDialog } from '../backups/import-backup-dialog';
import { instanceHref } from '@/lib/routes';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CameraIcon } from '../ui/icons';
import { ListPage } from '../ui/list-page';
import { ListTable } from '../ui/list-table';

/** `/snapshots`: every snapshot of every instance, and restoring an instance from a backup file. */
export function FleetSnapshotsPage() {
  const { data: me } = useMe();
  const daemons = useDaemons();
  const [importing, setImporting] = useState(false);
  const snapshots = useFleetSnapshots();
  const importReason = can(me?.role, 'manageInstances') ? null : 'Only admins can create instances from backups.';

  return (
    <>
      <ListPage
        title="Snapshots"
        subtitle="Every snapshot of every instance; manage them on the instance's Snapshots tab"
        query={snapshots}
        what="snapshots"
        actions={
          <Button variant="primary" disabledReason={importReason ?? (daemons.data ? null : 'Loading daemons…')} onClick={() => setImporting(true)}>
            Import backup…
          </Button>
        }
      >
        <ListTable
          query={snapshots}
          what="snapshots"
          count={snapshots.data?.snapshots.length ?? 0}
          empty={{ icon: <CameraIcon size={18} />, title: 'No snapshots' }}
          columns={['Instance', 'Daemon', 'Snapshot', 'Taken', 'Expires', 'Stateful']}
          aria-label="All snapshots"
        >
          {snapshots.data?.snapshots.map((s) => (
            <tr key={`${s.daemon.id}/${s.project}/${s.instance}/${s.name}`}>
              <td className="px-4 py-1.5">
                <Link
                  className="font-medium hover:text-indigo-600 hover:underline"
                  href={`${instanceHref({ daemonId: s.daemon.id, project: s.project, name: s.instance })}${s.project === 'default' ? '?' : '&'}tab=snapshots`}
                >
                  {s.instance}
                </Link>
                {s.project !== 'default' && <span className="text-zinc-500"> ({s.project})</span>}
              </td>
              <td className="px-3 py-1.5">{s.daemon.name}</td>
              <td className="px-3 py-1.5">{s.name}</td>
              <td className="px-3 py-1.5" title={absoluteTime(s.created_at)}>
                {relativeTime(s.created_at)}
              </td>
              <td className="px-3 py-1.5">{relativeTime(s.expires_at) === '—' ? 'never' : relativeTime(s.expires_at)}</td>
              <td className="px-3 py-1.5">{s.stateful ? <Badge tone="blue">stateful</Badge> : 'no'}</td>
            </tr>
          ))}
        </ListTable>
      </ListPage>
      {importing && daemons.data && <ImportBackupDialog daemons={daemons.data} onClose={() => setImporting(false)} />}
    </>
  );
}
