'use client';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { isEtagConflict } from '@/lib/api/daemon';
import { createProfile, saveProfile, type ProfileRef } from '@/lib/api/profiles';
import { errorMessage } from '@/lib/format';
import { LazyYamlEditor } from '../config/lazy-yaml-editor';
import { PROFILE_SCHEMA } from '../config/yaml-doc';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { Dialog, DialogBody, DialogFooter, FormFooter } from '../ui/dialog';
import { TextField } from '../ui/field';
import { DaemonSelect } from '../daemons/daemon-select';
import { useAction } from '../ui/use-action';
import { ProfileFormFields } from './profile-form-fields';
import { useProfileDraft, type DraftMode } from './use-profile-draft';
import { Loading } from '../ui/query-state';

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
  const draft = useProfileDraft(profile, creating);
  const [name, setName] = useState('');
  const [daemonId, setDaemonId] = useState(profile.daemonId);
  const [conflict, setConflict] = useState(false);
  const action = useAction();

  const switchTo = (mode: DraftMode) => {
    try {
      draft.switchTo(mode);
      action.setError(null);
    } catch (e) {
      action.setError(errorMessage(e));
    }
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    let conflicted = false;
    const saved = await action.run(async () => {
      const put = draft.current();
      try {
        if (creating) await createProfile({ ...profile, daemonId, name: name.trim() }, put);
        else await saveProfile(profile, put, draft.loaded.data?.etag ?? null);
      } catch (e) {
        if (!isEtagConflict(e)) throw e;
        conflicted = true;
        return;
      }
      await onSaved();
    });
    if (conflicted) setConflict(true);
    else if (saved) onClose();
  }

  const reload = async () => {
    setConflict(false);
    await draft.reload();
  };

  return (
    <Dialog title={creating ? 'Create profile' : `Profile ${profile.name}`} onClose={onClose} busy={action.busy} size="lg">
      <form onSubmit={submit}>
        <DialogBody>
          {creating && (
            <div className="grid grid-cols-2 gap-3">
              <DaemonSelect daemons={daemons.filter((d) => d.status === 'online')} value={daemonId} onChange={setDaemonId} />
              <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required spellCheck={false} />
            </div>
          )}
          <div role="tablist" aria-label="Editor" className="flex gap-1 border-b border-zinc-200 dark:border-zinc-800">
            {(['form', 'yaml'] as const).map((m) => (
              <button
                key={m}
                type="button"
                role="tab"
                aria-selected={draft.mode === m}
                disabled={!draft.base}
                onClick={() => switchTo(m)}
                className={cx('-mb-px border-b-2 px-3 py-1.5 text-[13px]', draft.mode === m ? 'border-indigo-600 font-medium' : 'border-transparent text-zinc-500')}
              >
                {m === 'form' ? 'Form' : 'YAML'}
              </button>
            ))}
          </div>
          {draft.loaded.error && <Alert kind="error">{errorMessage(draft.loaded.error)}</Alert>}
          {!draft.base || !draft.form ? (
            <Loading className="" />
          ) : draft.mode === 'yaml' ? (
            <LazyYamlEditor
              key={draft.editorKey}
              initial={draft.yaml}
              schema={PROFILE_SCHEMA}
              readOnly={readOnly}
              label={`Profile ${profile.name || name} (YAML)`}
              onChange={draft.setYamlText}
            />
          ) : (
            <ProfileFormFields form={draft.form} base={draft.base} readOnly={readOnly} onChange={draft.setForm} />
          )}
          {conflict && (
            <Alert kind="warning" title="The profile changed since you opened it" action={<Button size="sm" onClick={() => void reload()}>Reload</Button>}>
              The daemon refused your save so as not to overwrite someone else&apos;s change. Reload, then make your edit again.
            </Alert>
          )}
          {action.error && (
            <Alert kind="error" title="Not saved">
              <pre className="font-sans whitespace-pre-wrap">{action.error}</pre>
            </Alert>
          )}
          {readOnly && <Alert kind="info">Read-only: only admins can change profiles.</Alert>}
        </DialogBody>
        {readOnly ? (
          <DialogFooter>
            <Button onClick={onClose}>Close</Button>
          </DialogFooter>
        ) : (
          <FormFooter
            confirmLabel={creating ? 'Create' : 'Save'}
            busy={action.busy}
            missing={creating && !name.trim() ? 'Enter a name' : !draft.base ? 'Loading…' : null}
            onCancel={onClose}
          />
        )}
      </form>
    </Dialog>
  );
}
