'use client';
/** Copying a custom volume to another pool or daemon: a Hangar task followed here and under Tasks. */
import { useState, type FormEvent } from 'react';
import type { FleetPool } from '@/lib/api-types';
import { volumeRef } from '@/lib/api/storage';
import { isActive, startVolumeCopy, useTasks } from '@/lib/api/tasks';
import { useAction } from '../ui/use-action';
import { Alert } from '../ui/alert';
import { Dialog, DialogBody, FormFooter } from '../ui/dialog';
import { Checkbox, TextField } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { TaskFollow } from '../tasks/task-follow';
import { TaskProgressLine, TaskStateBadge } from '../tasks/task-line';
import { PoolSelect, poolKey } from './pool-select';
import { ProjectSelect } from './project-select';
import type { VolumeRow } from './storage-page';

export function CopyVolumeDialog({ volume, pools, onDone, onClose }: { volume: VolumeRow; pools: FleetPool[]; onDone: () => Promise<unknown>; onClose: () => void }) {
  const tasks = useTasks();
  const [where, setWhere] = useState(poolKey(volume.pool));
  const pool = pools.find((p) => poolKey(p) === where);
  const [project, setProject] = useState(volume.project);
  const [name, setName] = useState(`${volume.name}-copy`);
  const [snapshots, setSnapshots] = useState(true);
  const { busy, error, run } = useAction();
  const [taskId, setTaskId] = useState<string | null>(null);
  const task = tasks.data?.find((t) => t.id === taskId);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!pool) return;
    void run(async () => {
      const started = await startVolumeCopy(volumeRef(volume), {
        to: { daemon: pool.daemon.id, pool: pool.name, project, name: name.trim(), ...(pool.location ? { target: pool.location } : {}) },
        snapshots,
      });
      await tasks.refetch();
      setTaskId(started.id);
    });
  }

  const close = () => {
    if (task && !isActive(task)) void onDone();
    onClose();
  };

  return (
    <Dialog title={`Copy volume ${volume.name}`} description={`From ${volume.pool.daemon.name}, pool ${volume.pool.name}, project ${volume.project}`} onClose={close} busy={busy} size="md">
      {taskId ? (
        <TaskFollow
          taskIds={[taskId]}
          tasks={tasks.data}
          render={(task) =>
            task ? (
              <div className="space-y-2" data-testid="volume-copy-task">
                <div className="flex items-center gap-2 text-[13px]">
                  <TaskStateBadge task={task} /> Copy to {pool?.daemon.name} · {pool?.name} · {name}
                </div>
                <TaskProgressLine task={task} />
              </div>
            ) : (
              <Spinner label="Starting" />
            )
          }
          onClose={close}
        />
      ) : (
        <form onSubmit={submit}>
          <DialogBody>
            <PoolSelect label="Target pool" pools={pools} value={where} onChange={setWhere} />
            <ProjectSelect daemonId={pool?.daemon.id} value={project} onChange={setProject} />
            <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
            <Checkbox label={`With its snapshots (${volume.snapshots})`} checked={snapshots} onChange={(e) => setSnapshots(e.target.checked)} />
            <p className="text-xs text-zinc-500">
              The daemon copies it itself when it can (same daemon, or a daemon of the same kind that can reach this one); otherwise Hangar streams a backup across. A copy that fails or is cancelled is removed.
            </p>
            {error && <Alert kind="error">{error}</Alert>}
          </DialogBody>
          <FormFooter
            confirmLabel="Copy volume"
            busy={busy}
            missing={!pool ? 'Choose a pool' : name.trim() ? null : 'Give it a name'}
            onCancel={close}
          />
        </form>
      )}
    </Dialog>
  );
}
