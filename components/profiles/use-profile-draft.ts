'use client';
import { useState } from 'react';
import { useProfile, type ProfilePut, type ProfileRef } from '@/lib/api/profiles';
import { describeProblem, parseYamlDoc, PROFILE_SCHEMA, toYaml } from '../config/yaml-doc';
import { EMPTY_PROFILE, fromForm, toForm, type ProfileForm } from './profile-form-model';

export type DraftMode = 'form' | 'yaml';

/**
 * The profile being edited, in whichever view is open: the form, or YAML. Switching views carries
 * the edit across (after a YAML edit the form starts from the YAML's profile, keeping the keys the
 * form lacks); `reload` drops the edit and reads the daemon's profile again.
 */
export function useProfileDraft(profile: ProfileRef, creating: boolean) {
  const loaded = useProfile(profile, !creating);
  const loadedPut: ProfilePut | null = creating
    ? EMPTY_PROFILE
    : loaded.data
      ? { description: loaded.data.data.description ?? '', config: loaded.data.data.config ?? {}, devices: loaded.data.data.devices ?? {} }
      : null;
  const [edited, setEdited] = useState<ProfilePut | null>(null);
  const base = edited ?? loadedPut;
  const [mode, setMode] = useState<DraftMode>('form');
  const [form, setForm] = useState<ProfileForm | null>(null);
  const [yamlText, setYamlText] = useState<string | null>(null);
  /** Bumped to start the YAML editor again from `yamlText`. */
  const [editorKey, setEditorKey] = useState(0);
  const currentForm = form ?? (base ? toForm(base) : null);

  /** The profile as edited so far; throws a readable message for YAML that is not a profile. */
  const current = (): ProfilePut => {
    if (!base) throw new Error('still loading');
    if (mode === 'yaml' && yamlText !== null) {
      const parsed = parseYamlDoc<Partial<ProfilePut>>(yamlText, PROFILE_SCHEMA);
      if (!parsed.ok) throw new Error(parsed.problems.map(describeProblem).join('\n'));
      return { ...EMPTY_PROFILE, ...parsed.value };
    }
    return currentForm ? fromForm(currentForm, base) : base;
  };

  /** Opens the other view with the edit so far; throws (and stays) when the YAML does not parse. */
  const switchTo = (next: DraftMode) => {
    if (next === mode) return;
    const put = current();
    if (next === 'yaml') {
      setYamlText(toYaml(put));
      setEditorKey((k) => k + 1);
    } else {
      setEdited(put);
      setForm(toForm(put));
      setYamlText(null);
    }
    setMode(next);
  };

  const reload = async () => {
    setEdited(null);
    setForm(null);
    setYamlText(null);
    await loaded.refetch();
    setEditorKey((k) => k + 1);
  };

  return {
    loaded,
    base,
    mode,
    form: currentForm,
    setForm,
    yaml: yamlText ?? (base ? toYaml(base) : ''),
    setYamlText,
    editorKey,
    current,
    switchTo,
    reload,
  };
}
