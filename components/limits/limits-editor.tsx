'use client';
import { useId } from 'react';
import type { DaemonKind, InheritedLimit, LimitGroup, LimitName, LimitSpec, LimitsState } from '@/lib/limits';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { LimitInput } from './limit-input';
import { specsFor, type Drafts } from './drafts';

const GROUPS: { id: LimitGroup; label: string }[] = [
  { id: 'cpu', label: 'CPU' },
  { id: 'memory', label: 'Memory' },
  { id: 'processes', label: 'Processes' },
  { id: 'disk', label: 'Disk' },
  { id: 'network', label: 'Network' },
];

export interface LimitsEditorProps {
  state: LimitsState;
  drafts: Drafts;
  issues: Partial<Record<LimitName, string>>;
  readOnly: boolean;
  /** undefined puts the field back to what the instance holds. */
  onDraft(name: LimitName, value: string | null | undefined): void;
}

function Source({ own, inherited }: { own: string | undefined; inherited: InheritedLimit | undefined }) {
  if (inherited && !inherited.overridden && own === undefined) {
    return (
      <Badge tone="indigo" title={`The daemon takes ${inherited.value} from profile ${inherited.profile}`}>
        from profile {inherited.profile}
      </Badge>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      {own !== undefined && <Badge tone="green">own</Badge>}
      {inherited && (
        <span className="text-xs text-zinc-500 dark:text-zinc-400" title="The instance's own setting wins over the profile's">
          profile {inherited.profile}: {inherited.value} (overridden)
        </span>
      )}
      {own === undefined && !inherited && <span className="text-xs text-zinc-400">not set</span>}
    </span>
  );
}

/** An emptied field: nothing to do without an own value; a choice set back to "not set" removes it. */
function emptied(spec: LimitSpec, own: string | undefined): '' | null | undefined {
  if (own === undefined) return undefined;
  return spec.input === 'choice' || spec.name === 'memorySwap' ? null : '';
}

function LimitRow({ spec, kind, state, draft, issue, readOnly, onDraft }: {
  spec: LimitSpec;
  kind: DaemonKind;
  state: LimitsState;
  draft: string | null | undefined;
  issue: string | undefined;
  readOnly: boolean;
  onDraft: LimitsEditorProps['onDraft'];
}) {
  const id = useId();
  const own = state.limits[spec.name];
  const inherited = state.inherited[spec.name];
  const active = inherited && !inherited.overridden ? inherited.value : undefined;
  // What the daemon takes once the own value is gone: the profile's for a config key; for the root
  // disk, only while the instance has no root disk of its own (removing a key keeps the device).
  const afterRemoval = spec.where === 'config' ? inherited : active ? inherited : undefined;
  const removing = draft === null;
  const shown = draft === undefined ? (own ?? '') : (draft ?? '');
  const ctx = { kind, hostCpus: state.host.cpus };
  return (
    <div className="grid items-start gap-x-4 gap-y-1 py-2.5 sm:grid-cols-[13rem_minmax(0,22rem)_1fr]">
      <div className="pt-1.5">
        <div className="text-[13px] font-medium text-zinc-800 dark:text-zinc-200">{spec.label}</div>
        <code className="text-[11px] text-zinc-500 dark:text-zinc-400">
          {spec.where === 'rootDisk' ? `root disk ${spec.key}` : spec.key}
        </code>
      </div>
      <div>
        {removing ? (
          <p className="flex h-8 items-center text-[13px] text-zinc-500 italic">
            will be removed{afterRemoval ? `, then ${afterRemoval.value} from profile ${afterRemoval.profile} applies` : ''}
          </p>
        ) : (
          <LimitInput
            spec={spec}
            kind={kind}
            value={shown}
            placeholder={own === undefined ? active : undefined}
            invalid={Boolean(issue)}
            describedBy={`${id}-help`}
            disabled={readOnly}
            onChange={(value) => onDraft(spec.name, value === '' ? emptied(spec, own) : value)}
          />
        )}
        {!removing && (
          <p id={`${id}-help`} className={issue ? 'mt-1 text-xs text-red-600 dark:text-red-400' : 'mt-1 text-xs text-zinc-500 dark:text-zinc-400'}>
            {issue ?? `Use ${spec.accepts(ctx)}.`}
          </p>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2 pt-1">
        <Source own={own} inherited={inherited} />
        {!readOnly && draft !== undefined && (
          <Button size="xs" variant="ghost" onClick={() => onDraft(spec.name, undefined)}>
            Reset
          </Button>
        )}
        {!readOnly && own === undefined && draft === undefined && active && (
          <Button size="xs" variant="ghost" onClick={() => onDraft(spec.name, active)} aria-label={`Override ${spec.label}`}>
            Override
          </Button>
        )}
        {!readOnly && own !== undefined && !removing && (
          <Button size="xs" variant="ghost" onClick={() => onDraft(spec.name, null)} aria-label={`Remove ${spec.label}`}>
            Remove
          </Button>
        )}
      </div>
    </div>
  );
}

/** Every limit the daemon knows, by group: input, where its value comes from, and actions. */
export function LimitsEditor({ state, drafts, issues, readOnly, onDraft }: LimitsEditorProps) {
  const specs = specsFor(state.daemon.kind);
  return (
    <div className="space-y-4">
      {GROUPS.map((group) => {
        const rows = specs.filter((spec) => spec.group === group.id);
        if (rows.length === 0) return null;
        return (
          <fieldset key={group.id}>
            <legend className="text-xs font-semibold tracking-wide text-zinc-500 uppercase dark:text-zinc-400">{group.label}</legend>
            <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {rows.map((spec) => (
                <LimitRow
                  key={spec.name}
                  spec={spec}
                  kind={state.daemon.kind}
                  state={state}
                  draft={drafts[spec.name]}
                  issue={issues[spec.name]}
                  readOnly={readOnly}
                  onDraft={onDraft}
                />
              ))}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
