'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { isEtagConflict } from '@/lib/api/daemon';
import { patchInstanceConfig, useInstanceConfig } from '@/lib/api/config';
import type { InstanceRef } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { scheduleOf, SCHEDULE_KEYS, type ScheduleKey } from '@/lib/api/snapshots';
import { errorMessage } from '@/lib/format';
import { configKeys } from '@/lib/query-keys';
import { can, roleReason } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox, TextField } from '../ui/field';

/** The text keys of the schedule: label, example, and how it is written. */
const TEXT_FIELDS: { key: ScheduleKey; label: string; placeholder: string; hint: string }[] = [
  { key: 'snapshots.schedule', label: 'Schedule', placeholder: '@daily', hint: 'Cron (0 6 * * *) or @hourly, @daily, @weekly, @monthly.' },
  { key: 'snapshots.expiry', label: 'Keep for', placeholder: '2w', hint: 'e.g. 6H, 3d, 2w, 1M, 1y.' },
  { key: 'snapshots.pattern', label: 'Name pattern', placeholder: 'snap%d', hint: 'Pongo2 template; %d is a counter.' },
];

/** `snapshots.schedule`, `.schedule.stopped`, `.expiry` and `.pattern`, saved with the instance's ETag. */
export function ScheduleForm({ instanceRef: ref }: { instanceRef: InstanceRef }) {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const loaded = useInstanceConfig(ref, { staleTime: 0 });
  const current = scheduleOf(loaded.data?.data.config ?? {});
  const [draft, setDraft] = useState<Partial<Record<ScheduleKey, string>>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);

  const value = (key: ScheduleKey) => draft[key] ?? current[key];
  const set = (key: ScheduleKey, v: string) => {
    setDraft((d) => ({ ...d, [key]: v }));
    setSaved(false);
  };
  const changes = Object.fromEntries(SCHEDULE_KEYS.filter((k) => draft[k] !== undefined && draft[k] !== current[k]).map((k) => [k, draft[k]!.trim()]));
  const canEdit = can(me?.role, 'manageInstances');
  const reason =
    roleReason(me?.role, 'manageInstances', 'change the schedule (it is instance configuration)') ??
    (Object.keys(changes).length === 0 ? 'No changes to save' : null);

  const reload = async () => {
    setConflict(false);
    setDraft({});
    await queryClient.invalidateQueries({ queryKey: configKeys.instance(ref.daemonId, ref.project, ref.name) });
  };

  async function save(event: FormEvent) {
    event.preventDefault();
    if (reason || !loaded.data) return;
    setBusy(true);
    setError(null);
    try {
      // An empty value removes the key.
      await patchInstanceConfig(ref, changes, loaded.data.etag);
      setDraft({});
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: configKeys.instance(ref.daemonId, ref.project, ref.name) });
    } catch (e) {
      if (isEtagConflict(e)) setConflict(true);
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="schedule-title" className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-800">
      <h2 id="schedule-title" className="text-sm font-semibold">
        Automatic snapshots
      </h2>
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">Empty fields are unset on the instance (a profile may still set them).</p>
      {loaded.error && <Alert kind="error">{errorMessage(loaded.error)}</Alert>}
      <form onSubmit={save} className="space-y-3">
        <fieldset disabled={busy || !loaded.data} className="grid gap-3 sm:grid-cols-3">
          {TEXT_FIELDS.map((field) => (
            <TextField
              key={field.key}
              label={`${field.label} (${field.key})`}
              value={value(field.key)}
              onChange={(e) => set(field.key, e.target.value)}
              readOnly={!canEdit}
              placeholder={field.placeholder}
              hint={field.hint}
              spellCheck={false}
            />
          ))}
          <Checkbox
            className="sm:col-span-3"
            label="Also snapshot while stopped (snapshots.schedule.stopped)"
            checked={value('snapshots.schedule.stopped') === 'true'}
            disabled={!canEdit}
            onChange={(e) => set('snapshots.schedule.stopped', e.target.checked ? 'true' : '')}
          />
        </fieldset>
        {conflict && (
          <Alert kind="warning" title="The instance changed since this form was loaded" action={<Button size="sm" onClick={() => void reload()}>Reload</Button>}>
            The daemon refused the change so as not to overwrite someone else&apos;s. Reload and try again.
          </Alert>
        )}
        {error && <Alert kind="error">{error}</Alert>}
        {saved && <Alert kind="info">Schedule saved.</Alert>}
        {canEdit ? (
          <Button type="submit" size="sm" variant="primary" busy={busy} disabledReason={reason}>
            Save schedule
          </Button>
        ) : (
          <p className="text-xs text-zinc-500 dark:text-zinc-400">{reason}</p>
        )}
      </form>
    </section>
  );
}
