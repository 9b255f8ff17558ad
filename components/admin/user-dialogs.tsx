'use client';
import { useState } from 'react';
import { createUser, updateUser, type UserView } from '@/lib/api/users';
import { userKeys } from '@/lib/query-keys';
import { MIN_PASSWORD_LENGTH, passwordTooShort } from '@/lib/passwords';
import { ROLES, type Role } from '@/lib/roles';
import { ActionDialog } from '../ui/action-dialog';
import { NewPasswordField, SelectField, TextField, Options } from '../ui/field';

const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Reads everything but secrets; no terminals, no changes.',
  operator: 'Viewer, plus start/stop, terminals, snapshots and live limits.',
  admin: 'Everything, including users, daemons, share links and the audit log.',
};

export function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <SelectField label="Role" value={value} onChange={(e) => onChange(e.target.value as Role)} hint={ROLE_HINTS[value]}>
      <Options values={ROLES} />
    </SelectField>
  );
}

const USERS = [userKeys.all];

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  return (
    <ActionDialog
      title="New user"
      description="They log in with this username and password."
      confirmLabel="Create user"
      missing={!username.trim() ? 'Enter a username' : passwordTooShort(password)}
      invalidates={USERS}
      onConfirm={() => createUser({ username: username.trim(), password, role })}
      onClose={onClose}
    >
      <TextField label="Username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required autoComplete="off" spellCheck={false} />
      <NewPasswordField
        label="Password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        hint={`At least ${MIN_PASSWORD_LENGTH} characters. Tell them to change it in Settings.`}
      />
      <RoleSelect value={role} onChange={setRole} />
    </ActionDialog>
  );
}

export function ChangeRoleDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [role, setRole] = useState<Role>(user.role);
  return (
    <ActionDialog
      title={`Role of ${user.username}`}
      description="Takes effect on their next request."
      size="sm"
      confirmLabel="Change role"
      missing={role === user.role ? 'Choose another role' : null}
      invalidates={USERS}
      onConfirm={() => updateUser(user.username, { role })}
      onClose={onClose}
    >
      <RoleSelect value={role} onChange={setRole} />
    </ActionDialog>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const [password, setPassword] = useState('');
  return (
    <ActionDialog
      title={`Reset password of ${user.username}`}
      description="Their sessions end at once; their tokens keep working until revoked."
      size="sm"
      confirmLabel="Reset password"
      missing={passwordTooShort(password)}
      onConfirm={() => updateUser(user.username, { password })}
      onClose={onClose}
    >
      <NewPasswordField value={password} onChange={(e) => setPassword(e.target.value)} autoFocus hint={`At least ${MIN_PASSWORD_LENGTH} characters.`} />
    </ActionDialog>
  );
}
