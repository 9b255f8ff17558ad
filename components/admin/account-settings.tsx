'use client';
import { signOut } from '@/lib/api/auth';
import { useState, type FormEvent } from 'react';
import { useMe } from '@/lib/api/me';
import { changeOwnPassword, logoutEverywhere } from '@/lib/api/users';
import { RoleBadge } from '../shell/role-badge';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { NewPasswordField, TextField } from '../ui/field';
import { LogOutIcon } from '../ui/icons';
import { ConfirmDialog } from '@/components/ui/action-dialog';
import { SettingsSection } from './settings-section';
import { useAction } from '@/components/ui/use-action';
import { MIN_PASSWORD_LENGTH } from '@/lib/passwords';

/** Both ways end every session of the user, this one included: back to the login page. */
const toLogin = () => signOut('/login');

export function AccountSettings() {
  const { data: me } = useMe();
  const [confirmLogout, setConfirmLogout] = useState(false);
  return (
    <>
      <SettingsSection title="You">
        <p className="flex items-center gap-2 text-[13px]">
          Logged in as <strong data-testid="settings-username">{me?.username}</strong>
          {me && <RoleBadge role={me.role} />}
        </p>
      </SettingsSection>
      <SettingsSection title="Password" description="After the change you log in again, here and everywhere else.">
        <PasswordForm />
      </SettingsSection>
      <SettingsSection
        title="Sessions"
        description="Ends every browser session of yours, on every device, this one included. Access tokens keep working: revoke them under Access tokens."
      >
        <Button icon={<LogOutIcon size={14} />} onClick={() => setConfirmLogout(true)}>
          Log out everywhere
        </Button>
      </SettingsSection>
      {confirmLogout && (
        <ConfirmDialog
          title="Log out everywhere?"
          confirmLabel="Log out everywhere"
          onConfirm={async () => {
            await logoutEverywhere();
            await toLogin();
          }}
          onClose={() => setConfirmLogout(false)}
        >
          Every browser session of yours ends now, this one included.
        </ConfirmDialog>
      )}
    </>
  );
}

function PasswordForm() {
  const { busy, error, run } = useAction();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const problem = !current
    ? 'Enter your current password'
    : next.length < MIN_PASSWORD_LENGTH
      ? `The new password needs at least ${MIN_PASSWORD_LENGTH} characters`
      : next !== repeat
        ? 'The new passwords differ'
        : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await changeOwnPassword(current, next);
      await toLogin();
    });
  }

  return (
    <form onSubmit={submit} className="grid max-w-md gap-3" aria-label="Change password">
      <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
      <NewPasswordField value={next} onChange={(e) => setNext(e.target.value)} />
      <NewPasswordField label="New password again" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={repeat && next !== repeat ? 'The new passwords differ' : null} />
      {error && <Alert kind="error">{error}</Alert>}
      <div>
        <Button type="submit" variant="primary" busy={busy} disabledReason={problem}>
          Change password
        </Button>
      </div>
    </form>
  );
}
