'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { LimitValues } from '@/lib/limits';
import { applyPreset, createPreset, deletePreset, limitKeys, usePresets } from '@/lib/api/limits';
import type { InstanceRef } from '@/lib/api/instances';
import { errorMessage } from '@/lib/format';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';
import { cx } from '../ui/cx';
import { ConfirmDialog } from '../admin/confirm-dialog';
import { describeChanges } from './drafts';

/** A message about the limits panel's last action; the panel shows one at a time, replacing the last. */
export interface LimitsNotice {
  kind: 'info' | 'error';
  title?: string;
  text: ReactNode;
  /** Where it is shown: beside the editor's Apply, or under the presets. */
  from: 'editor' | 'presets';
}

function presetSummary(limits: LimitValues): string {
  return Object.entries(limits)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

/**
 * Apply a named preset to this instance (asking first while it runs: the preset applies live);
 * admins save the current limits as one or delete one. Messages go to the panel's one notice.
 */
export function PresetsBar({ instance, current, running, canApply, canManage, onNotice }: {
  instance: InstanceRef;
  current: LimitValues;
  running: boolean;
  canApply: boolean;
  canManage: boolean;
  onNotice(notice: LimitsNotice | null): void;
}) {
  const queryClient = useQueryClient();
  const presets = usePresets();
  const [selected, setSelected] = useState('');
  const [saving, setSaving] = useState(false);
  const [newName, setNewName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const setMessage = (message: { kind: 'info' | 'error'; text: string } | null) => onNotice(message && { ...message, from: 'presets' });
  const chosen = presets.data?.find((p) => p.name === selected) ?? presets.data?.[0];

  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: limitKeys.instance(instance) });
    void queryClient.invalidateQueries({ queryKey: limitKeys.presets() });
  };
  const apply = useMutation({
    mutationFn: (name: string) => applyPreset(name, [{ daemon: instance.daemonId, project: instance.project, name: instance.name }]),
    onSuccess: ({ preset, results }) => {
      const [result] = results;
      setMessage(
        result.ok
          ? { kind: 'info', text: `Applied preset ${preset} live — the daemon now holds ${describeChanges(result.changes ?? {})}.` }
          : { kind: 'error', text: result.error?.message ?? 'The preset was not applied.' },
      );
      refresh();
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const save = useMutation({
    mutationFn: () => createPreset({ name: newName.trim(), limits: current }),
    onSuccess: (preset) => {
      setSaving(false);
      setNewName('');
      setSelected(preset.name);
      setMessage({ kind: 'info', text: `Saved preset ${preset.name}: ${presetSummary(preset.limits)}.` });
      refresh();
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });
  const remove = useMutation({
    mutationFn: (name: string) => deletePreset(name),
    onSuccess: (_, name) => {
      setConfirmDelete(false);
      setSelected('');
      setMessage({ kind: 'info', text: `Deleted preset ${name}.` });
      refresh();
    },
    onError: (error) => setMessage({ kind: 'error', text: errorMessage(error) }),
  });

  if (presets.error) return <p className="text-[13px] text-red-600">{errorMessage(presets.error)}</p>;
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <div className="w-56">
          <select
            aria-label="Preset"
            className={cx(inputClass, 'pr-8')}
            value={chosen?.name ?? ''}
            onChange={(e) => {
              setSelected(e.target.value);
              setConfirmDelete(false);
            }}
            disabled={!presets.data?.length}
          >
            {presets.data?.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
        <Button
          variant="secondary"
          busy={apply.isPending}
          disabledReason={!canApply ? 'Your role cannot change limits' : !chosen ? 'No preset to apply' : null}
          onClick={() => {
            if (!chosen) return;
            if (running) setConfirming(true);
            else apply.mutate(chosen.name);
          }}
        >
          Apply preset
        </Button>
        {confirming && chosen && (
          <ConfirmDialog
            title={`Apply preset ${chosen.name}?`}
            confirmLabel="Apply live"
            onConfirm={async () => {
              await apply.mutateAsync(chosen.name);
            }}
            onClose={() => setConfirming(false)}
          >
            {instance.name} is running: the preset&apos;s limits ({presetSummary(chosen.limits)}) apply at once, replacing its own values for
            those limits.
          </ConfirmDialog>
        )}
        {canManage && (
          <>
            <Button variant="ghost" onClick={() => setSaving((v) => !v)} disabledReason={Object.keys(current).length === 0 ? 'The instance has no own limits to save' : null}>
              Save current as preset…
            </Button>
            {chosen &&
              (confirmDelete ? (
                <Button variant="danger" size="sm" busy={remove.isPending} onClick={() => remove.mutate(chosen.name)}>
                  Delete {chosen.name}?
                </Button>
              ) : (
                <Button variant="ghost" size="sm" onClick={() => setConfirmDelete(true)}>
                  Delete preset
                </Button>
              ))}
          </>
        )}
      </div>
      {chosen && <p className="text-xs text-zinc-500 dark:text-zinc-400">{chosen.description || presetSummary(chosen.limits)}</p>}
      {saving && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <div className="w-56">
            <input
              aria-label="New preset name"
              className={inputClass}
              placeholder="name, e.g. web-small"
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
            />
          </div>
          <span className="text-xs text-zinc-500">{presetSummary(current)}</span>
          <Button type="submit" size="sm" variant="primary" busy={save.isPending} disabledReason={newName.trim() ? null : 'Name the preset'}>
            Save preset
          </Button>
        </form>
      )}
    </div>
  );
}
