'use client';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { isEtagConflict } from '@/lib/api/config';
import { createProfile, fetchProfile, saveProfile, type ProfilePut, type ProfileRef } from '@/lib/api/profiles';
import { errorMessage } from '@/lib/format';
import { profileKeys } from '@/lib/query-keys';
import { LazyYamlEditor } from '../config/lazy-yaml-editor';
import { describeProblem, parseYamlDoc, PROFILE_SCHEMA, toYaml } from '../config/yaml-doc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { inputClass, SelectField, TextField } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { FORM_LIMIT_KEYS, fromForm, otherConfig, toForm, type ProfileForm } from './profile-form-model';

const EMPTY: ProfilePut = { description: '', config: {}, devices: {} };

/**
 * Creates a profile (`profile` without a name) or edits one, as a form for the common keys or as
 * YAML; an edit is saved with the ETag it was loaded with, so a change made meanwhile is refused.
 */
export function ProfileEditor({
  profile,
  daemons = [],
  readOnly,
  onSaved,
  onClose,
}: {
  profile: ProfileRef & { create?: boolean };
  /** When creating: the daemons to choose from. */
  daemons?: DaemonView[];
  readOnly: boolean;
  onSaved: () => Promise<unknown>;
  onClose: () => void;
}) {
  const creating = Boolean(profile.create);
  const loaded = useQuery({
    queryKey: profileKeys.detail(profile.daemonId, profile.project, profile.name),
    queryFn: () => fetchProfile(profile),
    enabled: !creating,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
  const loadedPut: ProfilePut | null = creating
    ? EMPTY
    : loaded.data
      ? { description: loaded.data.data.description ?? '', config: loaded.data.data.config ?? {}, devices: loaded.data.data.devices ?? {} }
      : null;
  // After a YAML edit the form starts from the YAML's profile (it keeps the keys the form lacks).
  const [edited, setEdited] = useState<ProfilePut | null>(null);
  const base = edited ?? loadedPut;

  const [mode, setMode] = useState<'form' | 'yaml'>('form');
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [yamlText, setYamlText] = useState<string | null>(null);
  const [editorKey, setEditorKey] = useState(0);
  const [name, setName] = useState('');
  const [daemonId, setDaemonId] = useState(profile.daemonId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const currentForm = form ?? (base ? toForm(base) : null);

  /** The profile as edited so far in whichever view is open; throws a readable message. */
  const current = (): ProfilePut => {
    if (!base) throw new Error('still loading');
    if (mode === 'yaml' && yamlText !== null) {
      const parsed = parseYamlDoc<Partial<ProfilePut>>(yamlText, PROFILE_SCHEMA);
      if (!parsed.ok) throw new Error(parsed.problems.map(describeProblem).join('\n'));
      return { ...EMPTY, ...parsed.value };
    }
    return currentForm ? fromForm(currentForm, base) : base;
  };

  const switchTo = (next: 'form' | 'yaml') => {
    if (next === mode) return;
    try {
      const put = current();
      setError(null);
      if (next === 'yaml') {
        setYamlText(toYaml(put));
        setEditorKey((k) => k + 1);
      } else {
        setEdited(put);
        setForm(toForm(put));
        setYamlText(null);
      }
      setMode(next);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let put: ProfilePut;
    try {
      put = current();
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    setBusy(true);
    try {
      if (creating) await createProfile({ ...profile, daemonId, name: name.trim() }, put);
      else await saveProfile(profile, put, loaded.data?.etag ?? null);
      await onSaved();
      onClose();
    } catch (e) {
      if (isEtagConflict(e)) setConflict(true);
      else setError(errorMessage(e));
      setBusy(false);
    }
  }

  const reload = async () => {
    setConflict(false);
    setEdited(null);
    setForm(null);
    setYamlText(null);
    await loaded.refetch();
    setEditorKey((k) => k + 1);
  };

  const set = (patch: Partial<ProfileForm>) => currentForm && setForm({ ...currentForm, ...patch });

  return (
    <Dialog title={creating ? 'Create profile' : `Profile ${profile.name}`} onClose={onClose} busy={busy} size="lg">
      <form onSubmit={submit}>
        <DialogBody>
          {creating && (
            <div className="grid grid-cols-2 gap-3">
              <SelectField label="Daemon" value={daemonId} onChange={(e) => setDaemonId(e.target.value)}>
                {daemons
                  .filter((d) => d.status === 'online')
                  .map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.name}
                    </option>
                  ))}
              </SelectField>
              <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required spellCheck={false} />
            </div>
          )}
          <div role="tablist" aria-label="Editor" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
            {(['form', 'yaml'] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={mode === m}
                disabled={!base}
                onClick={() => switchTo(m)}
                className={cx('-mb-px border-b-2 px-3 py-1.5 text-[13px]', mode === m ? 'border-indigo-600 font-medium' : 'border-transparent text-zinc-500')}
              >
                {m === 'form' ? 'Form' : 'YAML'}
              </button>
            ))}
          </div>
          {loaded.error && <Alert kind="error">{errorMessage(loaded.error)}</Alert>}
          {!base || !currentForm ? (
            <div className="flex items-center gap-2 text-[13px] text-zinc-500">
              <Spinner /> Loading…
            </div>
          ) : mode === 'yaml' ? (
            <LazyYamlEditor
              key={editorKey}
              initial={yamlText ?? toYaml(base)}
              schema={PROFILE_SCHEMA}
              readOnly={readOnly}
              label={`Profile ${profile.name || name} (YAML)`}
              onChange={setYamlText}
            />
          ) : (
            <fieldset disabled={readOnly} className="space-y-4">
              <TextField label="Description" value={currentForm.description} onChange={(e) => set({ description: e.target.value })} />
              <div>
                <p className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Limits</p>
                <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
                  {FORM_LIMIT_KEYS.map((key) => (
                    <TextField
                      key={key}
                      label={key}
                      value={currentForm.limits[key] ?? ''}
                      spellCheck={false}
                      onChange={(e) => set({ limits: { ...currentForm.limits, [key]: e.target.value } })}
                    />
                  ))}
                </div>
              </div>
              <RowsEditor
                title="Environment"
                rows={currentForm.environment}
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
                rows={currentForm.devices}
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
              {Object.keys(otherConfig(base)).length > 0 && (
                <p className="text-xs text-zinc-500">
                  {Object.keys(otherConfig(base)).length} other config keys ({Object.keys(otherConfig(base)).join(', ')}) are kept; edit them in YAML.
                </p>
              )}
            </fieldset>
          )}
          {conflict && (
            <Alert kind="warning" title="The profile changed since you opened it" action={<Button size="sm" onClick={() => void reload()}>Reload</Button>}>
              The daemon refused your save so as not to overwrite someone else&apos;s change. Reload, then make your edit again.
            </Alert>
          )}
          {error && (
            <Alert kind="error" title="Not saved">
              <pre className="font-sans whitespace-pre-wrap">{error}</pre>
            </Alert>
          )}
          {readOnly && <Alert kind="info">Read-only: only admins can change profiles.</Alert>}
        </DialogBody>
        <DialogFooter>
          <Button onClick={onClose} disabled={busy}>
            {readOnly ? 'Close' : 'Cancel'}
          </Button>
          {!readOnly && (
            <Button type="submit" variant="primary" busy={busy} disabledReason={creating && !name.trim() ? 'Enter a name' : !base ? 'Loading…' : null}>
              {creating ? 'Create' : 'Save'}
            </Button>
          )}
        </DialogFooter>
      </form>
    </Dialog>
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
  render: (row: T, update: (row: T) => void) => React.ReactNode;
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
