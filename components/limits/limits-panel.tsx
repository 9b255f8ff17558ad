'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import type { LimitChanges, LimitName, LimitsApplied } from '@/lib/limits';
import { ApiRequestError } from '@/lib/api/client';
import { patchLimits, useLimits } from '@/lib/api/limits';
import { useMe } from '@/lib/api/me';
import { errorMessage } from '@/lib/format';
import { can } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Spinner } from '../ui/spinner';
import { useAction } from '../ui/use-action';
import { describeChanges, draftIssues, fieldOfMessage, pendingChanges, type Drafts } from './drafts';
import { LimitsEditor } from './limits-editor';
import { LimitsHistory } from './limits-history';
import { PresetsBar, type LimitsNotice } from './presets-bar';
import { UsageBars } from './usage-bars';
import { limitKeys } from '@/lib/query-keys';

export interface LimitsPanelProps {
  daemonId: string;
  project: string;
  instance: string;
}

const dismiss = (onClick: () => void) => (
  <Button size="xs" variant="ghost" onClick={onClick}>
    Dismiss
  </Button>
);

function pendingText(changes: LimitChanges): string {
  const entries = Object.entries(changes);
  if (entries.length === 0) return 'No changes';
  const list = entries.map(([name, value]) => (value === null ? `remove ${name}` : `${name} = ${value}`)).join(', ');
  return `${entries.length} change${entries.length === 1 ? '' : 's'}: ${list}`;
}

/** What the daemon holds after the editor's Apply. */
function appliedNotice(applied: LimitsApplied): LimitsNotice {
  const running = applied.status === 'Running';
  return {
    kind: 'info',
    from: 'editor',
    title: running ? 'Applied live' : 'Saved',
    text: `The daemon now holds ${describeChanges(applied.changes)}${
      running ? ', with the instance still running.' : `; the instance is ${applied.status.toLowerCase()}, so they apply when it starts.`
    }`,
  };
}

function Notice({ notice, onDismiss }: { notice: LimitsNotice; onDismiss(): void }) {
  return (
    <Alert kind={notice.kind} title={notice.title} action={dismiss(onDismiss)} className={notice.from === 'presets' ? 'mt-2' : undefined}>
      {notice.text}
    </Alert>
  );
}

function Section({ title, aside, children }: { title: string; aside?: ReactNode; children: ReactNode }) {
  return (
    <section className="border-b border-zinc-200 px-5 py-4 last:border-b-0 dark:border-zinc-800" aria-label={title}>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/**
 * The instance page's Limits tab: live usage against the limits, every limit with where its
 * value comes from, changes checked while typing (with the server's own rules) and applied live,
 * presets, and the history of changes from the audit log.
 */
export default function LimitsPanel({ daemonId, project, instance }: LimitsPanelProps) {
  const ref = useMemo(() => ({ daemonId, project, name: instance }), [daemonId, project, instance]);
  const queryClient = useQueryClient();
  const limits = useLimits(ref);
  const { data: me } = useMe();
  const canEdit = can(me?.role, 'limits');
  const [drafts, setDrafts] = useState<Drafts>({});
  const [notice, setNotice] = useState<LimitsNotice | null>(null);
  const [refusal, setRefusal] = useState<{ field: LimitName | null; message: string } | null>(null);

  const state = limits.data;
  const ctx = { kind: state?.daemon.kind, hostCpus: state?.host.cpus };
  const issues = { ...draftIssues(drafts, ctx) };
  if (refusal?.field && drafts[refusal.field] !== undefined && !issues[refusal.field]) issues[refusal.field] = refusal.message;
  const changes: LimitChanges = state ? pendingChanges(drafts, state.limits) : {};
  const changeCount = Object.keys(changes).length;
  const invalid = Object.keys(issues).length > 0;

  const applying = useAction({ invalidates: [limitKeys.history(ref)] });
  const apply = (body: LimitChanges) =>
    applying.run(async () => {
      try {
        const result = await patchLimits(ref, body);
        queryClient.setQueryData(limitKeys.instance(ref), result);
        setDrafts({});
        setRefusal(null);
        setNotice(appliedNotice(result));
      } catch (error) {
        const message = errorMessage(error);
        setNotice(null);
        setRefusal({ field: error instanceof ApiRequestError ? fieldOfMessage(message) : null, message });
        throw error;
      }
    });

  if (limits.isPending) {
    return (
      <div className="flex items-center gap-2 p-6 text-[13px] text-zinc-500">
        <Spinner /> Reading limits and usage…
      </div>
    );
  }
  if (!state) {
    return (
      <div className="p-5">
        <Alert kind="error" title="The limits could not be read">
          {errorMessage(limits.error)}
        </Alert>
      </div>
    );
  }

  const onDraft = (name: LimitName, value: string | null | undefined) => {
    if (notice?.from === 'editor') setNotice(null);
    setDrafts((current) => {
      const next = { ...current };
      if (value === undefined) delete next[name];
      else next[name] = value;
      return next;
    });
  };

  return (
    <div>
      <Section
        title="Usage"
        aside={
          <span className="flex items-center gap-2 text-xs text-zinc-500 dark:text-zinc-400">
            {limits.isFetching && <Spinner size={12} />}
            {state.daemon.name} · {state.status}
          </span>
        }
      >
        <UsageBars usage={state.usage} />
      </Section>

      <Section
        title="Limits"
        aside={
          state.profiles.length > 0 && (
            <span className="text-xs text-zinc-500 dark:text-zinc-400">Profiles, in the order applied: {state.profiles.join(' → ')}</span>
          )
        }
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (changeCount > 0 && !invalid) void apply(changes);
          }}
        >
          <LimitsEditor state={state} drafts={drafts} issues={issues} readOnly={!canEdit} onDraft={onDraft} />
          <div className="sticky bottom-0 mt-3 space-y-2 border-t border-zinc-200 bg-white pt-3 pb-1 dark:border-zinc-800 dark:bg-zinc-900">
            <div aria-live="polite" className="space-y-2 empty:hidden">
              {notice?.from === 'editor' && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
              {refusal && (
                <Alert kind="error" title="Nothing was changed" action={dismiss(() => setRefusal(null))}>
                  {refusal.message}
                </Alert>
              )}
            </div>
            <div className="flex flex-wrap items-center gap-2">
              {canEdit ? (
                <>
                  <Button
                    type="submit"
                    variant="primary"
                    busy={applying.busy}
                    disabledReason={changeCount === 0 ? 'Change a limit first' : invalid ? 'Fix the fields marked in red' : null}
                  >
                    {state.status === 'Running' ? 'Apply live' : 'Apply'}
                  </Button>
                  <Button variant="ghost" onClick={() => setDrafts({})} disabledReason={Object.keys(drafts).length === 0 ? 'Nothing to discard' : null}>
                    Discard
                  </Button>
                  <span className="min-w-0 truncate text-xs text-zinc-500 dark:text-zinc-400">{pendingText(changes)}</span>
                </>
              ) : (
                <span className="text-xs text-zinc-500">Your role ({me?.role ?? '…'}) can read limits; an operator or admin can change them.</span>
              )}
            </div>
          </div>
        </form>
      </Section>

      <Section title="Presets">
        <PresetsBar
          instance={ref}
          current={state.limits}
          running={state.status === 'Running'}
          canApply={canEdit}
          canManage={can(me?.role, 'manageInstances')}
          onNotice={setNotice}
        />
        {notice?.from === 'presets' && <Notice notice={notice} onDismiss={() => setNotice(null)} />}
      </Section>

      <Section title="History">
        <LimitsHistory instance={ref} />
      </Section>
    </div>
  );
}
