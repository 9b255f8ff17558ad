'use client';
import { useState, type ReactNode } from 'react';
import type { LimitValues } from '@/lib/limits';
import { applyPreset, createPreset, deletePreset, usePresets } from '@/lib/api/limits';
import type { InstanceRef } from '@/lib/api/instances';
import { errorMessage } from '@/lib/format';
import { Button } from '../ui/button';
import { inputClass } from '../ui/field';
import { cx } from '../ui/cx';
import { useAction } from '../ui/use-action';
import { ConfirmDialog } from '@/components/ui/action-dialog';
import { describeChanges } from './drafts';
import { limitKeys } from '@/lib/query-keys';

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
  const presets = usePresets();
  const [selected, setSelected] = useState('');
  const [showSave, setShowSave] = useState(false);
  const [newName, setNewName] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const setMessage = (message: { kind: 'info' | 'error'; text: string } | null) => onNotice(message && { ...message, from: 'presets' });
  const chosen = presets.data?.find((p) => p.name === selected) ?? presets.data?.[0];

  const refreshes = { invalidates: [limitKeys.instance(instance), limitKeys.presets()] };
  const applying = useAction(refreshes);
  const saving = useAction(refreshes);
  const removing = useAction(refreshes);
  /** Runs `work`, its failure to the notice (and rethrown, for a dialog that shows it too). */
  const noticed = async <T,>(work: () => Promise<T>, done: (result: T) => void) => {
    try {
      done(await work());
    } catch (error) {
      setMessage({ kind: 'error', text: errorMessage(error) });
      throw error;
    }
  };
  const apply = (name: string) =>
    noticed(
      () => applyPreset(name, [{ daemon: instance.daemonId, project: instance.project, name: instance.name }]),
      ({ preset, results }) => {
        const [result] = results;
        setMessage(
          result.ok
            ? { kind: 'info', text: `Applied preset ${preset} live — the daemon now holds ${describeChanges(result.changes ?? {})}.` }
            : { kind: 'error', text: result.error?.message ?? 'The preset was not applied.' },
        );
      },
    );
  const save = () =>
    noticed(
      () => createPreset({ name: newName.trim(), limits: current }),
      (preset) => {
        setShowSave(false);
        setNewName('');
        setSelected(preset.name);
        setMessage({ kind: 'info', text: `Saved preset ${preset.name}: ${presetSummary(preset.limits)}.` });
      },
    );
  const remove = (name: string) =>
    noticed(
      () => deletePreset(name),
      () => {
        setConfirmDelete(false);
        setSelected('');
        setMessage({ kind: 'info', text: `Deleted preset ${name}.` });
      },
    );

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
          busy={applying.busy}
          disabledReason={!canApply ? 'Your role cannot change limits' : !chosen ? 'No preset to apply' : null}
          onClick={() => {
            if (!chosen) return;
            if (running) setConfirming(true);
            else void applying.run(() => apply(chosen.name));
          }}
        >
          Apply preset
        </Button>
        {confirming && chosen && (
          <ConfirmDialog
            title={`Apply preset ${chosen.name}?`}
            confirmLabel="Apply live"
            invalidates={refreshes.invalidates}
            onConfirm={() => apply(chosen.name)}
            onClose={() => setConfirming(false)}
          >
            {instance.name} is running: the preset&apos;s limits ({presetSummary(chosen.limits)}) apply at once, replacing its own values for
            those limits.
          </ConfirmDialog>
        )}
        {canManage && (
          <>
            <Button variant="ghost" onClick={() => setShowSave((v) => !v)} disabledReason={Object.keys(current).length === 0 ? 'The instance has no own limits to save' : null}>
              Save current as preset…
            </Button>
            {chosen &&
              (confirmDelete ? (
                <Button variant="danger" size="sm" busy={removing.busy} onClick={() => void removing.run(() => remove(chosen.name))}>
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
      {showSave && (
        <form
          className="flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void saving.run(save);
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
          <Button type="submit" size="sm" variant="primary" busy={saving.busy} disabledReason={newName.trim() ? null : 'Name the preset'}>
            Save preset
          </Button>
        </form>
      )}
    </div>
  );
}
