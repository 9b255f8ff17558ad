'use client';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { TaskView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { usePoolNames, useProjects } from '@/lib/api/instances';
import { cancelTask, isActive, startCopy, useCopyPreflights, useTasks, type CopyOptions, type CopyPreflight } from '@/lib/api/tasks';
import { errorMessage } from '@/lib/format';
import type { InstanceHandle } from '../instances/use-instance-operations';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { Checkbox, SelectField, TextField } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { TaskProgressLine, TaskStateBadge } from './task-line';

const METHOD: Record<CopyPreflight['method'], string> = {
  copy: 'The daemon copies it itself.',
  move: 'The daemon moves it itself.',
  migration: 'The target daemon pulls it from the source itself (a backup streamed through Hangar when it cannot reach it).',
  relay: 'A backup is streamed through Hangar from one daemon into the other.',
};

/** The name each copy gets: the one typed for a single instance; for several, each its own plus the suffix. */
function targetName(instance: InstanceHandle, single: boolean, name: string, suffix: string) {
  return (single ? name : `${instance.name}${suffix}`).trim();
}

/**
 * Copy… / Move… of one instance or several (each its own task): pick daemon, member, project, pool
 * and name; the server's checks run for each as the choices change and the button waits for them;
 * then each task's progress, live.
 */
export function CopyInstanceDialog({ instances, move, onClose }: { instances: InstanceHandle[]; move: boolean; onClose: () => void }) {
  const instance = instances[0];
  const single = instances.length === 1;
  const daemons = useDaemons();
  const [daemon, setDaemon] = useState(instance.daemonId);
  const [project, setProject] = useState(instance.project);
  const [member, setMember] = useState('');
  const [pool, setPool] = useState('');
  const [name, setName] = useState(move ? instance.name : `${instance.name}-copy`);
  const [suffix, setSuffix] = useState(move ? '' : '-copy');
  const [snapshots, setSnapshots] = useState(true);
  const [stop, setStop] = useState(false);
  const [start, setStart] = useState(false);
  const [taskIds, setTaskIds] = useState<string[] | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const projects = useProjects(daemon);
  const pools = usePoolNames(daemon);
  const tasks = useTasks();
  const target = daemons.data?.find((d) => d.id === daemon);
  const running = instances.some((i) => i.status.toLowerCase() !== 'stopped');
  const otherDaemon = instances.some((i) => daemon !== i.daemonId);

  const optionsFor = (i: InstanceHandle): CopyOptions => ({
    to: { daemon, project, name: targetName(i, single, name, suffix), ...(member ? { target: member } : {}), ...(pool ? { pool } : {}) },
    move,
    snapshots,
    stop,
    start,
  });

  const preflights = useCopyPreflights(
    instances.map((i) => ({ ref: i, options: optionsFor(i) })),
    !taskIds,
  );
  const failed = preflights.flatMap((p, n) => (p.error ? [single ? errorMessage(p.error) : `${instances[n].name}: ${errorMessage(p.error)}`] : []));
  const check = {
    busy: preflights.some((p) => p.isFetching),
    result: preflights[0]?.data,
    error: failed.length ? failed.join('\n') : undefined,
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    const started: string[] = [];
    const errors: string[] = [];
    for (const i of instances) {
      try {
        started.push((await startCopy(i, optionsFor(i))).id);
      } catch (e) {
        errors.push(single ? errorMessage(e) : `${i.name}: ${errorMessage(e)}`);
      }
    }
    await tasks.refetch();
    if (started.length) setTaskIds(started);
    if (errors.length) setSubmitError(errors.join('\n'));
    setSubmitting(false);
  }

  const verb = move ? 'Move' : 'Copy';
  const blocked = check.busy
    ? 'Checking the target…'
    : check.error
      ? 'Fix what the check found first'
      : single && !name.trim()
        ? 'Enter a name'
        : null;
  const title = single ? `${verb} ${instance.name}` : `${verb} ${instances.length} instances`;
  const from = new Set(instances.map((i) => `${i.daemonName}, project ${i.project}`));

  return (
    <Dialog title={title} description={`From ${[...from].join('; ')}`} onClose={onClose} size="md">
      {taskIds ? (
        <>
          <DialogBody>
            {taskIds.map((id) => (
              <TaskPanel key={id} task={tasks.data?.find((t) => t.id === id)} verb={verb} targetName={target?.name ?? daemon} />
            ))}
            {submitError && <Alert kind="error">{submitError}</Alert>}
            <p className="text-xs text-zinc-500">
              It runs on the server: you can close this and follow it under <Link href="/tasks" className="underline">Tasks</Link>.
            </p>
          </DialogBody>
          <DialogFooter>
            {(() => {
              const active = (tasks.data ?? []).filter((t) => taskIds.includes(t.id) && isActive(t));
              return active.length > 0 ? (
                <Button variant="danger" onClick={() => active.forEach((t) => void cancelTask(t.id).catch(() => undefined))}>
                  {active.length > 1 ? `Cancel ${active.length} tasks` : 'Cancel task'}
                </Button>
              ) : null;
            })()}
            <Button onClick={onClose}>Close</Button>
          </DialogFooter>
        </>
      ) : (
        <form onSubmit={submit}>
          <DialogBody>
            <div className="grid grid-cols-2 gap-3">
              <SelectField
                label="Daemon"
                value={daemon}
                onChange={(e) => {
                  setDaemon(e.target.value);
                  setMember('');
                  setPool('');
                  setProject('default');
                }}
              >
                {(daemons.data ?? []).map((d) => (
                  <option key={d.id} value={d.id} disabled={d.status !== 'online'}>
                    {d.name} ({d.kind}){d.status !== 'online' ? ` — ${d.status}` : ''}
                  </option>
                ))}
              </SelectField>
              <SelectField label="Project" value={project} onChange={(e) => setProject(e.target.value)}>
                {(projects.data ?? [{ name: project }]).map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              {target?.clustered && (
                <SelectField label="Cluster member" value={member} onChange={(e) => setMember(e.target.value)}>
                  <option value="">Any (the daemon chooses)</option>
                  {(target.members ?? []).map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name}
                    </option>
                  ))}
                </SelectField>
              )}
              <SelectField label="Storage pool" value={pool} onChange={(e) => setPool(e.target.value)}>
                <option value="">As now (or the profile’s)</option>
                {(pools.data ?? []).map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </SelectField>
              {single ? (
                <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} required />
              ) : (
                <TextField
                  label="Name suffix"
                  hint={`Each keeps its name plus this, e.g. ${instance.name}${suffix}`}
                  value={suffix}
                  onChange={(e) => setSuffix(e.target.value)}
                  spellCheck={false}
                />
              )}
            </div>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              <Checkbox label="With snapshots" checked={snapshots} onChange={(e) => setSnapshots(e.target.checked)} />
              {running && otherDaemon && (
                <Checkbox label="Stop it for the copy (started again after)" checked={stop} onChange={(e) => setStop(e.target.checked)} />
              )}
              {!move && <Checkbox label="Start the copy" checked={start} onChange={(e) => setStart(e.target.checked)} />}
            </div>
            <div aria-live="polite" data-testid="copy-preflight">
              {check.busy ? (
                <Spinner label="Checking the target…" />
              ) : check.error ? (
                <Alert kind="warning" title="Not possible as chosen">
                  <span className="whitespace-pre-line">{check.error}</span>
                </Alert>
              ) : (
                <Alert kind="info" title="Ready">
                  {check.result && METHOD[check.result.method]}
                  {move && ' The source is removed only after the copy is verified.'}
                </Alert>
              )}
            </div>
            {submitError && (
              <Alert kind="error">
                <span className="whitespace-pre-line">{submitError}</span>
              </Alert>
            )}
          </DialogBody>
          <DialogFooter>
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" busy={submitting} disabledReason={blocked}>
              {verb}
            </Button>
          </DialogFooter>
        </form>
      )}
    </Dialog>
  );
}

/** One task of the dialog: its state, where to, its progress; the config keys left behind once done. */
function TaskPanel({ task, verb, targetName }: { task: TaskView | undefined; verb: string; targetName: string }) {
  if (!task) return <Spinner label="Starting" />;
  const to = task.target;
  return (
    <div className="space-y-2" data-testid="copy-task">
      <div className="flex items-center gap-2 text-[13px]">
        <TaskStateBadge task={task} /> {verb} {task.source?.instance} to {to?.daemonName ?? targetName}
        {to?.project && to.project !== 'default' ? ` ${to.project}/` : ' '}
        {to?.instance}
      </div>
      <TaskProgressLine task={task} />
      {task.state === 'done' && Array.isArray(task.result?.droppedKeys) && task.result.droppedKeys.length > 0 && (
        <Alert kind="info">
          The target does not know these config keys; they were left behind: {(task.result.droppedKeys as string[]).join(', ')}
        </Alert>
      )}
    </div>
  );
}
