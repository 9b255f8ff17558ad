'use client';
import { useState, type FormEvent } from 'react';
import type { TaskView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { usePoolNames } from '@/lib/api/instances';
import { startCopy, useCopyPreflights, useTasks, type CopyOptions, type CopyPreflight } from '@/lib/api/tasks';
import { errorMessage } from '@/lib/format';
import type { InstanceHandle } from '../instances/use-instance-operations';
import { Alert } from '../ui/alert';
import { Dialog, DialogBody, FormFooter } from '../ui/dialog';
import { Checkbox, SelectField, TextField, Options } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { useAction } from '../ui/use-action';
import { TaskFollow } from './task-follow';
import { TaskProgressLine, TaskStateBadge } from './task-line';
import { DaemonSelect } from '../daemons/daemon-select';
import { ProjectSelect } from '../infra/project-select';

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
  const { busy, error: submitError, run } = useAction();
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

  function submit(event: FormEvent) {
    event.preventDefault();
    // Each instance is its own task: those that start are followed, the others' refusals shown.
    void run(async () => {
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
      if (errors.length) throw new Error(errors.join('\n'));
    });
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
    <Dialog title={title} description={`From ${[...from].join('; ')}`} onClose={onClose} busy={busy} size="md">
      {taskIds ? (
        <TaskFollow
          taskIds={taskIds}
          tasks={tasks.data}
          render={(task) => <TaskPanel task={task} verb={verb} targetName={target?.name ?? daemon} />}
          error={submitError}
          onClose={onClose}
        />
      ) : (
        <form onSubmit={submit}>
          <DialogBody>
            <div className="grid grid-cols-2 gap-3">
              <DaemonSelect
                daemons={daemons.data}
                value={daemon}
                onChange={(id) => {
                  setDaemon(id);
                  setMember('');
                  setPool('');
                  setProject('default');
                }}
                text={(d) => `${d.name} (${d.kind})`}
                offline
              />
              <ProjectSelect daemonId={daemon} value={project} onChange={setProject} />
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
                <Options values={pools.data ?? []} />
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
          <FormFooter confirmLabel={verb} busy={busy} missing={blocked} onCancel={onClose} />
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
