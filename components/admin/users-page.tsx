'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '@/lib/api/me';
import { deleteUser, endUserSessions, updateUser, useUsers, type UserView } from '@/lib/api/users';
import { errorMessage } from '@/lib/format';
import { userKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { RoleBadge } from '../shell/role-badge';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, CreateButton } from '../ui/button';
import { LogOutIcon, MoreIcon, PencilIcon, TrashIcon, UsersIcon } from '../ui/icons';
import { Menu, type MenuEntry } from '../ui/menu';
import { PageHeader } from '../ui/page-header';
import { Spinner } from '../ui/spinner';
import { TimeCell } from '../ui/data-table';
import { AdminOnly } from './admin-only';
import { ConfirmDialog } from '@/components/ui/action-dialog';
import { ChangeRoleDialog, CreateUserDialog, ResetPasswordDialog } from './user-dialogs';
import { ListTable } from '../ui/list-table';

type OpenDialog =
  | { kind: 'create' }
  | { kind: 'role' | 'password' | 'delete' | 'sessions'; user: UserView }
  | null;

export function UsersPage() {
  const { data: me } = useMe();
  const allowed = can(me?.role, 'manageUsers');
  const users = useUsers(allowed);
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [rowError, setRowError] = useState<string | null>(null);
  if (!allowed) return <AdminOnly title="Users" />;

  const list = users.data ?? [];
  const activeAdmins = list.filter((u) => u.role === 'admin' && !u.disabled).length;
  const lastAdminReason = (u: UserView) =>
    u.role === 'admin' && !u.disabled && activeAdmins <= 1 ? 'This is the last admin: make another admin first' : null;

  async function setDisabled(user: UserView, disabled: boolean) {
    setRowError(null);
    try {
      await updateUser(user.username, { disabled });
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    } catch (e) {
      setRowError(errorMessage(e));
    }
  }

  const entries = (user: UserView): MenuEntry[] => [
    { label: 'Change role', icon: <PencilIcon size={14} />, onSelect: () => setDialog({ kind: 'role', user }), disabledReason: lastAdminReason(user) },
    { label: 'Reset password', icon: <PencilIcon size={14} />, onSelect: () => setDialog({ kind: 'password', user }) },
    { label: 'Log out everywhere', icon: <LogOutIcon size={14} />, onSelect: () => setDialog({ kind: 'sessions', user }) },
    user.disabled
      ? { label: 'Enable', icon: <UsersIcon size={14} />, onSelect: () => void setDisabled(user, false) }
      : { label: 'Disable', icon: <UsersIcon size={14} />, onSelect: () => void setDisabled(user, true), disabledReason: lastAdminReason(user) },
    'separator',
    { label: 'Delete', icon: <TrashIcon size={14} />, danger: true, onSelect: () => setDialog({ kind: 'delete', user }), disabledReason: lastAdminReason(user) },
  ];

  return (
    <>
      <PageHeader
        title="Users"
        subtitle={users.data ? `${list.length} users · ${activeAdmins} active admins` : 'Who may use Hangar, and with which role'}
        actions={
          <>
            {users.isFetching && !users.isPending && <Spinner label="Refreshing" className="text-zinc-400" />}
            <CreateButton onClick={() => setDialog({ kind: 'create' })}>
              New user
            </CreateButton>
          </>
        }
      />
      {rowError && (
        <Alert kind="error" className="mb-3" action={<Button size="xs" variant="ghost" onClick={() => setRowError(null)}>Dismiss</Button>}>
          {rowError}
        </Alert>
      )}
      <ListTable query={users} what="users" count={list.length} empty={{ icon: <UsersIcon size={18} />, title: 'No users' }} errorTitle="The users could not be loaded" columns={['User', 'Role', 'Status', 'Created', { label: 'Actions', className: 'w-10 px-2', srOnly: true }]}>
        {list.map((user) => (
          <tr key={user.username} data-user={user.username} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
            <td className="px-4 py-2.5 font-medium text-zinc-900 dark:text-zinc-100">
              {user.username}
              {user.username === me?.username && <span className="ml-2 text-xs font-normal text-zinc-500">(you)</span>}
            </td>
            <td className="px-3 py-2.5">
              <RoleBadge role={user.role} />
            </td>
            <td className="px-3 py-2.5">
              {user.disabled ? <Badge tone="red" dot>disabled</Badge> : <Badge tone="green" dot>active</Badge>}
            </td>
            <TimeCell at={user.createdAt} />
            <td className="px-2 py-1.5 text-right">
              <Menu label={`Actions for ${user.username}`} trigger={<MoreIcon />} entries={entries(user)} />
            </td>
          </tr>
        ))}
      </ListTable>
      {dialog?.kind === 'create' && <CreateUserDialog onClose={() => setDialog(null)} />}
      {dialog?.kind === 'role' && <ChangeRoleDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'password' && <ResetPasswordDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'sessions' && (
        <ConfirmDialog
          title={`Log ${dialog.user.username} out everywhere?`}
          confirmLabel="Log out everywhere"
          onConfirm={() => endUserSessions(dialog.user.username)}
          onClose={() => setDialog(null)}
        >
          Every browser session of <strong>{dialog.user.username}</strong> ends at once. Their personal access tokens keep working.
        </ConfirmDialog>
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${dialog.user.username}?`}
          confirmLabel="Delete user"
          danger
          onConfirm={async () => {
            await deleteUser(dialog.user.username);
            await queryClient.invalidateQueries({ queryKey: userKeys.all });
          }}
          onClose={() => setDialog(null)}
        >
          <strong>{dialog.user.username}</strong> can no longer log in, and their tokens stop working. The audit log keeps their
          name.
        </ConfirmDialog>
      )}
    </>
  );
}
