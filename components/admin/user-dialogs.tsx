'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createUser, updateUser, type UserView } from '@/lib/api/users';
import { userKeys } from '@/lib/query-keys';
import { ROLES, type Role } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { SelectField, TextField } from '../ui/field';
import { useSubmit } from './use-submit';

/** Kept in step with the server's rule (server/auth/passwords.ts); the server still checks. */
export const MIN_PASSWORD_LENGTH = 8;

const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Reads everything but secrets; no terminals, no changes.',
  operator: 'Viewer, plus start/stop, terminals, snapshots and live limits.',
  admin: 'Everything, including users, daemons, share links and the audit log.',
};

export function RoleSelect({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  return (
    <SelectField label="Role" value={value} onChange={(e) => onChange(e.target.value as Role)} hint={ROLE_HINTS[value]}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </SelectField>
  );
}

function useRefreshUsers() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: userKeys.all });
}

function passwordProblem(password: string): string | null {
  return password.length < MIN_PASSWORD_LENGTH ? `At least ${MIN_PASSWORD_LENGTH} characters` : null;
}

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const refresh = useRefreshUsers();
  const { busy, error, run } = useSubmit();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const missing = !username.trim() ? 'Enter a username' : passwordProblem(password);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await createUser({ username: username.trim(), password, role });
      await refresh();
    }).then((ok) => ok && onClose());
  }

  return (
    <Dialog title="New user" description="They log in with this username and password." onClose={onClose} busy={busy}>
      <form onSubmit={submit}>
        <DialogBody>
          <TextField label="Username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required autoComplete="off" spellCheck={false} />
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters. Tell them to change it in Settings.`}
          />
          <RoleSelect value={role} onChange={setRole} />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={missing}>
            Create user
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

export function ChangeRoleDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const refresh = useRefreshUsers();
  const { busy, error, run } = useSubmit();
  const [role, setRole] = useState<Role>(user.role);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await updateUser(user.username, { role });
      await refresh();
    }).then((ok) => ok && onClose());
  }

  return (
    <Dialog title={`Role of ${user.username}`} description="Takes effect on their next request." onClose={onClose} busy={busy} size="sm">
      <form onSubmit={submit}>
        <DialogBody>
          <RoleSelect value={role} onChange={setRole} />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={role === user.role ? 'Choose another role' : null}>
            Change role
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}

export function ResetPasswordDialog({ user, onClose }: { user: UserView; onClose: () => void }) {
  const { busy, error, run } = useSubmit();
  const [password, setPassword] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(() => updateUser(user.username, { password }).then(() => undefined)).then((ok) => ok && onClose());
  }

  return (
    <Dialog
      title={`Reset password of ${user.username}`}
      description="Their sessions end at once; their tokens keep working until revoked."
      onClose={onClose}
      busy={busy}
      size="sm"
    >
      <form onSubmit={submit}>
        <DialogBody>
          <TextField
            label="New password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoFocus
            required
            autoComplete="new-password"
            hint={`At least ${MIN_PASSWORD_LENGTH} characters.`}
          />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={passwordProblem(password)}>
            Reset password
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
