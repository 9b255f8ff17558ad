'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { createToken, revokeToken, useTokens, type CreatedToken, type TokenView } from '@/lib/api/tokens';
import { absoluteTime, relativeTime } from '@/lib/format';
import { tokenKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { CreateButton } from '../ui/button';
import { SelectField, TextField } from '../ui/field';
import { TrashIcon } from '../ui/icons';
import { TimeCell, ButtonCell } from '../ui/data-table';
import { ConfirmDialog } from '@/components/ui/action-dialog';
import { SecretOnce } from './secret-once';
import { SettingsSection } from './settings-section';
import { useNow } from '../ui/use-now';
import { useAction } from '@/components/ui/use-action';
import { ListTable } from '../ui/list-table';

const EXPIRY = [
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: '90 days', days: 90 },
  { label: '1 year', days: 365 },
  { label: 'Never', days: 0 },
] as const;

export function TokensSettings() {
  const tokens = useTokens();
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [revoking, setRevoking] = useState<TokenView | null>(null);
  const list = tokens.data ?? [];

  return (
    <>
      <SettingsSection
        title="New access token"
        description={
          <>
            For scripts and CI: send it as <code className="font-mono">Authorization: Bearer …</code>. It carries your role.
          </>
        }
      >
        <CreateTokenForm onCreated={setCreated} />
        {created && (
          <SecretOnce
            className="mt-4"
            label={`Token "${created.name}"`}
            value={created.token}
            testId="created-token"
            onDismiss={() => setCreated(null)}
          />
        )}
      </SettingsSection>
      <ListTable
        query={tokens}
        what="tokens"
        count={list.length}
        empty={{ title: 'No access tokens', text: 'Tokens you create appear here, with when they were last used.' }}
        errorTitle="Your tokens could not be loaded"
        columns={['Name', 'Created', 'Expires', 'Last used', { label: 'Actions', className: 'w-24', srOnly: true }]}
      >
        {list.map((t) => (
          <tr key={t.id} data-token={t.name}>
            <td className="px-4 py-2.5 font-medium">{t.name}</td>
            <TimeCell at={t.createdAt} />
            <CredentialCells credential={t} onRevoke={() => setRevoking(t)} />
          </tr>
        ))}
      </ListTable>
      {revoking && (
        <ConfirmDialog
          title={`Revoke "${revoking.name}"?`}
          confirmLabel="Revoke token"
          danger
          invalidates={[tokenKeys.all]}
          onConfirm={() => revokeToken(revoking.id)}
          onClose={() => setRevoking(null)}
        >
          Anything still using it is refused from its next request on.
        </ConfirmDialog>
      )}
    </>
  );
}

/** The last cell of a credential's row (a token, a share link): its Revoke button. */
/** The last cells of a token's or share link's row: when it expires, when it was last used, Revoke. */
export function CredentialCells({ credential, onRevoke }: { credential: { expiresAt: string | null; lastUsedAt: string | null }; onRevoke: () => void }) {
  return (
    <>
      <td className="px-3 py-2.5 whitespace-nowrap">
        <Expiry at={credential.expiresAt} />
      </td>
      <TimeCell at={credential.lastUsedAt} />
      <ButtonCell variant="ghost" icon={<TrashIcon size={13} />} onClick={onRevoke}>
        Revoke
      </ButtonCell>
    </>
  );
}

/** "in 29 days", or a red "expired" once past; "never" for tokens without expiry. */
export function Expiry({ at }: { at: string | null }) {
  const now = useNow();
  if (!at) return <span className="text-zinc-500">never</span>;
  if (Date.parse(at) <= now) return <Badge tone="red">expired</Badge>;
  return (
    <span className="text-zinc-600 dark:text-zinc-400" title={absoluteTime(at)}>
      {relativeTime(at, now)}
    </span>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const queryClient = useQueryClient();
  const { busy, error, run } = useAction();
  const [name, setName] = useState('');
  const [days, setDays] = useState(30);

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      onCreated(await createToken(name.trim(), days || null));
      setName('');
      await queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    });
  }

  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="New access token">
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. ci-deploy" spellCheck={false} className="w-56" />
      <SelectField label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))} className="w-36">
        {EXPIRY.map((e) => (
          <option key={e.label} value={e.days}>
            {e.label}
          </option>
        ))}
      </SelectField>
      <CreateButton type="submit" busy={busy} disabledReason={name.trim() ? null : 'Enter a name'}>
        Create token
      </CreateButton>
      {error && (
        <Alert kind="error" className="basis-full">
          {error}
        </Alert>
      )}
    </form>
  );
}
