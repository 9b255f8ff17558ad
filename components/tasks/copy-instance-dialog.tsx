'use client';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import type { TaskView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { useProjects } from '@/lib/api/instances';
import { lxdGet, lxdPath } from '@/lib/api/operations';
import { cancelTask, isActive, preflightCopy, startCopy, useTasks, type CopyOptions, type CopyPreflight } from '@/lib/api/tasks';
import { errorMessage } from '@/lib/format';
import { lxdKeys } from '@/lib/query-keys';
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
  relay: 'A backup is streamed through Hangar from one daemon into the other.',
};

function usePools(daemonId: string) {
  return useQuery({
    queryKey: [...lxdKeys.daemon(daemonId), 'pools'],
    queryFn: () => lxdGet<{ name: string }[]>(daemonId, lxdPath(['storage-pools'], { recursion: '1' })),
    enabled: Boolean(daemonId),
  });
}

/**
 * Copy… / Move… of one instance: pick daemon, member, project, pool and name; the server's checks
 * run as the choices change and the button waits for them; then the task's progress, live.
 */
export function CopyInstanceDialog({ instance, move, onClose }: { instance: InstanceHandle; move: boolean; onClose: () => void }) {
  const daemons = useDaemons();
  const [daemon, setDaemon] = useState(instance.daemonId);
  const [project, setProject] = useState(instance.project);
  const [member, setMember] = useState('');
  const [pool, setPool] = useState('');
  const [name, setName] = useState(move ? instance.name : `${instance.name}-copy`);
  const [snapshots, setSnapshots] = useState(true);
  const [stop, setStop] = useState(false);
  const [start, setStart] = useState(false);
  const [taskId, setTaskId] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);
  const projects = useProjects(daemon);
  const pools = usePools(daemon);
  const tasks = useTasks();
  const target = daemons.data?.find((d) => d.id === daemon);
  const running = instance.status.toLowerCase() !== 'stopped';
  const otherDaemon = daemon !== instance.daemonId;

  const options: CopyOptions = {
    to: { daemon, project, name: name.trim(), ...(member ? { target: member } : {}), ...(pool ? { pool } : {}) },
    move,
    snapshots,
    stop,
    start,
  };
  const key = JSON.stringify(options);

  const preflight = useQuery({
    queryKey: ['copy-preflight', instance.daemonId, instance.project, instance.name, key],
    queryFn: () => preflightCopy(instance, JSON.parse(key) as CopyOptions),
    enabled: !taskId,
    retry: false,
    staleTime: 0,
    gcTime: 0,
  });
  const check = { busy: preflight.isFetching, result: preflight.data, error: preflight.error ? errorMessage(preflight.error) : undefined };

  const task: TaskView | undefined = tasks.data?.find((t) => t.id === taskId) ?? undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setSubmitError(null);
    try {
      const started = await startCopy(instance, options);
      await tasks.refetch();
      setTaskId(started.id);
    } catch (e) {
      setSubmitError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  const verb = move ? 'Move' : 'Copy';
  const blocked = check.busy ? 'Checking the target…' : check.error ? 'Fix what the check found first' : !name.trim() ? 'Enter a name' : null;

  return (
    <Dialog title={`${verb} ${instance.name}`} description={`From ${instance.daemonName}, project ${instance.project}`} onClose={onClose} size="md">
      {taskId ? (
        <>
          <DialogBody>
            {task ? (
              <div className="space-y-2" data-testid="copy-task">
                <div className="flex items-center gap-2 text-[13px]">
                  <TaskStateBadge task={task} /> {verb} to {target?.name ?? daemon}
                  {project !== 'default' ? ` ${project}/` : ' '}
                  {name}
                </div>
                <TaskProgressLine task={task} />
                {task.state === 'done' && Array.isArray(task.result?.droppedKeys) && task.result.droppedKeys.length > 0 && (
                  <Alert kind="info">
                    The target does not know these config keys; they were left behind: {(task.result.droppedKeys as string[]).join(', ')}
                  </Alert>
                )}
              </div>
            ) : (
              <Spinner label="Starting" />
            )}
            <p className="text-xs text-zinc-500">
              It runs on the server: you can close this and follow it under <Link href="/tasks" className="underline">Tasks</Link>.
            </p>
          </DialogBody>
          <DialogFooter>
            {task && isActive(task) && (
              <Button variant="danger" onClick={() => void cancelTask(task.id).catch(() => undefined)}>
                Cancel task
              </Button>
            )}
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
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} required />
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
                  {check.error}
                </Alert>
              ) : (
                <Alert kind="info" title="Ready">
                  {check.result && METHOD[check.result.method]}
                  {move && ' The source is removed only after the copy is verified.'}
                </Alert>
              )}
            </div>
            {submitError && <Alert kind="error">{submitError}</Alert>}
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
