'use client';
import { useState } from 'react';
import { useDaemons } from '@/lib/api/daemons';
import { useMe } from '@/lib/api/me';
import { revokeShare, useShares, type CreatedShare, type ShareScope, type ShareView } from '@/lib/api/shares';
import { absoluteTime, relativeTime } from '@/lib/format';
import { shareKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { CreateButton } from '../ui/button';
import { ConfirmDialog } from '@/components/ui/action-dialog';
import { CreateShareDialog } from './create-share-dialog';
import { SecretOnce } from './secret-once';
import { CredentialCells } from './tokens-settings';
import { ListTable } from '../ui/list-table';

/** "instances of alpha", "project web on every daemon", "3 instances". */
export function describeScope(scope: ShareScope, daemonName: (id: string) => string): string {
  if (scope.instances) {
    if (scope.instances.length === 1) {
      const [i] = scope.instances;
      return `${i.name} (${daemonName(i.daemon)}, ${i.project})`;
    }
    return `${scope.instances.length} instances`;
  }
  if (scope.daemon && scope.project) return `project ${scope.project} on ${daemonName(scope.daemon)}`;
  if (scope.daemon) return `all of ${daemonName(scope.daemon)}`;
  return `project ${scope.project} on every daemon`;
}

export function SharesSettings() {
  const { data: me } = useMe();
  const allowed = can(me?.role, 'manageShares');
  const shares = useShares(allowed);
  const daemons = useDaemons();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedShare | null>(null);
  const [revoking, setRevoking] = useState<ShareView | null>(null);
  if (!allowed) return <p className="text-[13px] text-zinc-500">Only admins manage share links.</p>;

  const daemonName = (id: string) => daemons.data?.find((d) => d.id === id)?.name ?? 'a removed daemon';
  const list = shares.data ?? [];

  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <p className="max-w-2xl text-[13px] text-zinc-500 dark:text-zinc-400">
          A share link shows some instances live — status, usage and limits — to anyone who has it, without logging in and
          without any way to change them. Good for a wall screen.
        </p>
        <CreateButton onClick={() => setCreating(true)}>
          New share link
        </CreateButton>
      </div>
      {created && (
        <SecretOnce
          className="mb-4"
          label="Share link"
          value={`${window.location.origin}${created.url}`}
          testId="created-share-url"
          onDismiss={() => setCreated(null)}
        />
      )}
      <ListTable query={shares} what="share links" count={list.length} empty={{ title: 'No share links', text: 'Create one to show a daemon, a project or a few instances on a wall screen.' }} errorTitle="The share links could not be loaded" columns={['Name', 'Shows', 'Created', 'Expires', 'Last opened', { label: 'Actions', className: 'w-24', srOnly: true }]}>
        {list.map((share) => (
          <tr key={share.id} data-share={share.name}>
            <td className="px-4 py-2.5 font-medium">{share.name}</td>
            <td className="px-3 py-2.5 text-zinc-700 dark:text-zinc-300">{describeScope(share.scope, daemonName)}</td>
            <td className="px-3 py-2.5 whitespace-nowrap text-zinc-600 dark:text-zinc-400" title={absoluteTime(share.createdAt)}>
              {relativeTime(share.createdAt)} by {share.createdBy}
            </td>
            <CredentialCells credential={share} onRevoke={() => setRevoking(share)} />
          </tr>
        ))}
      </ListTable>
      {creating && <CreateShareDialog onCreated={setCreated} onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={`Revoke "${revoking.name}"?`}
          confirmLabel="Revoke link"
          danger
          invalidates={[shareKeys.list()]}
          onConfirm={() => revokeShare(revoking.id)}
          onClose={() => setRevoking(null)}
        >
          Screens showing it stop on their next refresh, and the link never works again.
        </ConfirmDialog>
      )}
    </>
  );
}
