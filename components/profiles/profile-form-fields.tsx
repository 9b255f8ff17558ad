'use client';
import type { ReactNode } from 'react';
import type { ProfilePut } from '@/lib/api/profiles';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { inputClass, TextField } from '../ui/field';
import { FORM_LIMIT_KEYS, otherConfig, type ProfileForm } from './profile-form-model';

/** The profile's common keys as a form: description, limits, environment, devices. */
export function ProfileFormFields({
  form,
  base,
  readOnly,
  onChange,
}: {
  form: ProfileForm;
  /** The profile the form started from: its other config keys are kept. */
  base: ProfilePut;
  readOnly: boolean;
  onChange: (form: ProfileForm) => void;
}) {
  const set = (patch: Partial<ProfileForm>) => onChange({ ...form, ...patch });
  const others = Object.keys(otherConfig(base));
  return (
    <fieldset disabled={readOnly} className="space-y-4">
      <TextField label="Description" value={form.description} onChange={(e) => set({ description: e.target.value })} />
      <div>
        <p className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Limits</p>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {FORM_LIMIT_KEYS.map((key) => (
            <TextField
              key={key}
              label={key}
              value={form.limits[key] ?? ''}
              spellCheck={false}
              onChange={(e) => set({ limits: { ...form.limits, [key]: e.target.value } })}
            />
          ))}
        </div>
      </div>
      <RowsEditor
        title="Environment"
        rows={form.environment}
        empty={{ name: '', value: '' }}
        onChange={(environment) => set({ environment })}
        render={(row, update) => (
          <>
            <input aria-label="Variable name" placeholder="NAME" value={row.name} onChange={(e) => update({ ...row, name: e.target.value })} className={cx(inputClass, 'font-mono')} />
            <input aria-label={`Value of ${row.name || 'variable'}`} placeholder="value" value={row.value} onChange={(e) => update({ ...row, value: e.target.value })} className={inputClass} />
          </>
        )}
      />
      <RowsEditor
        title="Devices"
        rows={form.devices}
        empty={{ name: '', settings: 'type=' }}
        onChange={(devices) => set({ devices })}
        render={(row, update) => (
          <>
            <input aria-label="Device name" placeholder="name" value={row.name} onChange={(e) => update({ ...row, name: e.target.value })} className={cx(inputClass, 'font-mono')} />
            <textarea
              aria-label={`Settings of device ${row.name || 'new'}`}
              value={row.settings}
              rows={Math.max(2, row.settings.split('\n').length)}
              onChange={(e) => update({ ...row, settings: e.target.value })}
              className={cx(inputClass, 'h-auto py-1.5 font-mono text-xs')}
            />
          </>
        )}
      />
      {others.length > 0 && (
        <p className="text-xs text-zinc-500">
          {others.length} other config keys ({others.join(', ')}) are kept; edit them in YAML.
        </p>
      )}
    </fieldset>
  );
}

function RowsEditor<T>({
  title,
  rows,
  empty,
  onChange,
  render,
}: {
  title: string;
  rows: T[];
  empty: T;
  onChange: (rows: T[]) => void;
  render: (row: T, update: (row: T) => void) => ReactNode;
}) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">{title}</p>
      <div className="space-y-2">
        {rows.map((row, i) => (
          <div key={i} className="grid grid-cols-[10rem_1fr_auto] items-start gap-2">
            {render(row, (next) => onChange(rows.map((r, j) => (j === i ? next : r))))}
            <Button size="sm" variant="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${title.toLowerCase()} row ${i + 1}`}>
              Remove
            </Button>
          </div>
        ))}
        <Button size="sm" onClick={() => onChange([...rows, empty])}>
          Add {title === 'Devices' ? 'device' : 'variable'}
        </Button>
      </div>
    </div>
  );
}
