'use client';
import { useState } from 'react';
import { LIMIT_SPECS, type BulkLimitResult, type LimitChanges, type LimitName, type LimitsState, type LimitTargetRef } from '@/lib/limits';
import { applyPreset, bulkApplyLimits, useLimitsOfEach, usePresets } from '@/lib/api/limits';
import { allInstanceKeys } from '@/lib/query-keys';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox, inputClass } from '../ui/field';
import { cx } from '../ui/cx';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { useAction } from '../ui/use-action';
import { describeChanges, draftIssues } from './drafts';
import { LimitInput } from './limit-input';

export interface BulkLimitsDialogProps {
  /** The instances selected in the fleet list; `daemon` is the daemon's id (or name). */
  targets: LimitTargetRef[];
  open: boolean;
  onClose(): void;
}

type Mode = 'limits' | 'preset';

/** One selected instance per daemon: its limits state tells the daemon's kind and its host's CPUs. */
function onePerDaemon(targets: LimitTargetRef[]): LimitTargetRef[] {
  const seen = new Map<string, LimitTargetRef>();
  for (const t of targets) if (!seen.has(t.daemon)) seen.set(t.daemon, t);
  return [...seen.values()];
}

/**
 * The message per field for every value some selected daemon would refuse: checked with the
 * server's rules against each daemon's kind and host (CPUs=3 where a host has 2), as the single
 * editor does; before the hosts are known, with the rules that hold everywhere.
 */
function bulkIssues(values: Partial<Record<LimitName, string>>, hosts: LimitsState[]): Partial<Record<LimitName, string>> {
  const out = draftIssues(values, {});
  for (const host of hosts) {
    const issues = draftIssues(values, { kind: host.daemon.kind, hostCpus: host.host.cpus });
    for (const [name, message] of Object.entries(issues) as [LimitName, string][]) {
      out[name] ??= `${message} (on ${host.daemon.name})`;
    }
  }
  return out;
}

function Results({ results }: { results: BulkLimitResult[] }) {
  const failed = results.filter((r) => !r.ok).length;
  return (
    <div className="space-y-2">
      <Alert kind={failed ? 'warning' : 'info'} title={failed ? `${failed} of ${results.length} not changed` : `Applied live to ${results.length}`}>
        Each instance was changed on its own; a refusal left that instance as it was.
      </Alert>
      <ul aria-label="Results" className="divide-y divide-zinc-100 text-[13px] dark:divide-zinc-800">
        {results.map((r) => (
          <li key={`${r.daemon}/${r.project}/${r.name}`} className="py-1.5">
            <span className="font-medium">{r.name}</span>{' '}
            <span className="text-xs text-zinc-500">
              {r.daemonName ?? r.daemon}
              {r.project !== 'default' && ` · ${r.project}`}
            </span>
            <div className={r.ok ? 'text-xs text-emerald-700 dark:text-emerald-300' : 'text-xs text-red-700 dark:text-red-300'}>
              {r.ok ? `holds ${describeChanges(r.changes ?? {})}` : r.error?.message}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * Applies one set of limits, or a preset, to many instances across daemons, with a result per
 * instance. Meant for the fleet list's selection toolbar. Values are checked while typing with the
 * server's rules; what depends on each host (CPU sets, the daemon kind) is checked per instance.
 */
export default function BulkLimitsDialog({ targets, open, onClose }: BulkLimitsDialogProps) {
  const presets = usePresets();
  const [mode, setMode] = useState<Mode>('limits');
  const [values, setValues] = useState<Partial<Record<LimitName, string>>>({});
  const [removals, setRemovals] = useState<Set<LimitName>>(new Set());
  const [preset, setPreset] = useState('');

  const changes: LimitChanges = { ...values };
  for (const name of removals) changes[name] = null;
  const hosts = useLimitsOfEach((open ? onePerDaemon(targets) : []).map((t) => ({ daemonId: t.daemon, project: t.project, name: t.name })));
  const issues = bulkIssues(values, hosts.flatMap((h) => (h.data ? [h.data] : [])));
  const chosenPreset = presets.data?.find((p) => p.name === preset) ?? presets.data?.[0];

  // Limits live under each instance's key, so this refreshes them too.
  const action = useAction({ invalidates: allInstanceKeys });
  const [results, setResults] = useState<BulkLimitResult[] | null>(null);
  const apply = () =>
    action.run(async () =>
      setResults(mode === 'preset' ? (await applyPreset(chosenPreset!.name, targets)).results : (await bulkApplyLimits(targets, changes)).results),
    );

  if (!open) return null;
  const close = () => {
    setResults(null);
    action.setError(null);
    onClose();
  };
  const blocked =
    targets.length === 0
      ? 'Select instances first'
      : mode === 'preset'
        ? chosenPreset
          ? null
          : 'There is no preset'
        : Object.keys(changes).length === 0
          ? 'Set or remove a limit first'
          : Object.keys(issues).length > 0
            ? 'Fix the fields marked in red'
            : null;

  return (
    <Dialog title={`Limits for ${targets.length} instance${targets.length === 1 ? '' : 's'}`} description="Applied live, each instance on its own." onClose={close} busy={action.busy} size="lg">
      <DialogBody>
        {results ? (
          <Results results={results} />
        ) : (
          <>
            <div role="radiogroup" aria-label="What to apply" className="flex gap-4 text-[13px]">
              {(['limits', 'preset'] as const).map((m) => (
                <label key={m} className="flex items-center gap-1.5">
                  <input type="radio" name="bulk-mode" checked={mode === m} onChange={() => setMode(m)} className="accent-indigo-600" />
                  {m === 'limits' ? 'Set limits' : 'Apply a preset'}
                </label>
              ))}
            </div>
            {mode === 'preset' ? (
              <div className="space-y-1">
                <select aria-label="Preset" className={cx(inputClass, 'pr-8')} value={chosenPreset?.name ?? ''} onChange={(e) => setPreset(e.target.value)}>
                  {presets.data?.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}
                    </option>
                  ))}
                </select>
                {chosenPreset && (
                  <p className="text-xs text-zinc-500">
                    {Object.entries(chosenPreset.limits)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(', ')}
                  </p>
                )}
              </div>
            ) : (
              <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
                <p className="pb-2 text-xs text-zinc-500">Leave a field empty to keep each instance&apos;s value.</p>
                {LIMIT_SPECS.map((spec) => (
                  <div key={spec.name} className="grid items-start gap-2 py-2 sm:grid-cols-[11rem_1fr_7rem]">
                    <span className="pt-1.5 text-[13px] font-medium">{spec.label}</span>
                    <div>
                      <LimitInput
                        spec={spec}
                        kind={undefined}
                        value={values[spec.name] ?? ''}
                        invalid={Boolean(issues[spec.name])}
                        disabled={removals.has(spec.name)}
                        onChange={(value) =>
                          setValues((v) => {
                            const next = { ...v };
                            if (value === '') delete next[spec.name];
                            else next[spec.name] = value;
                            return next;
                          })
                        }
                      />
                      {issues[spec.name] && <p className="mt-1 text-xs text-red-600">{issues[spec.name]}</p>}
                    </div>
                    <Checkbox
                      label="Remove"
                      className="pt-1.5"
                      checked={removals.has(spec.name)}
                      onChange={(e) =>
                        setRemovals((r) => {
                          const next = new Set(r);
                          if (e.target.checked) next.add(spec.name);
                          else next.delete(spec.name);
                          return next;
                        })
                      }
                    />
                  </div>
                ))}
              </div>
            )}
            {action.error && <Alert kind="error" title="Nothing was changed">{action.error}</Alert>}
          </>
        )}
      </DialogBody>
      <DialogFooter status={results ? undefined : `${targets.length} selected`}>
        {results ? (
          <Button variant="primary" onClick={close}>
            Done
          </Button>
        ) : (
          <>
            <Button variant="ghost" onClick={close} disabled={action.busy}>
              Cancel
            </Button>
            <Button variant="primary" busy={action.busy} disabledReason={blocked} onClick={() => void apply()}>
              Apply live
            </Button>
          </>
        )}
      </DialogFooter>
    </Dialog>
  );
}
