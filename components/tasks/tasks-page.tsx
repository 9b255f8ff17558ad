'use client';
import { useState } from 'react';
import { TASK_STATES } from '@/lib/api-types';
import { cancelTask, endpointLabel, isActive, useTasks } from '@/lib/api/tasks';
import { absoluteTime, relativeTime } from '@/lib/format';
import { taskKeys } from '@/lib/query-keys';
import { formatSeconds } from '@/lib/units';
import { Alert } from '../ui/alert';
import { SelectField, Options } from '../ui/field';
import { TasksIcon } from '../ui/icons';
import { ListTable } from '../ui/list-table';
import { LoadError } from '../ui/query-state';
import { useRowAction } from '../ui/use-action';
import { TASK_KIND_LABEL, TaskProgressLine, TaskStateBadge } from './task-line';
import { ButtonCell } from '../ui/data-table';
import { ListPage } from '../ui/list-page';

/** `/tasks`: Hangar's own long work, newest first, live; running tasks can be cancelled (and are undone). */
export function TasksPage() {
  const tasks = useTasks({ poll: true });
  const [state, setState] = useState('');
  const cancel = useRowAction({ invalidates: [taskKeys.all] });
  const rows = (tasks.data ?? []).filter((t) => !state || t.state === state || (state === 'running' && isActive(t)));

  return (
    <ListPage
      title="Tasks"
      subtitle="Copies and moves Hangar runs, with their progress; a cancelled or failed task undoes what it did"
      actions={
        <SelectField label="State" value={state} onChange={(e) => setState(e.target.value)} className="w-40">
          <option value="">All</option>
          <Options values={TASK_STATES} />
        </SelectField>
      }
    >
      <LoadError error={tasks.error} />
      {cancel.error && <Alert kind="error">{cancel.error}</Alert>}
      <ListTable query={tasks} what="tasks" count={rows.length} empty={{ icon: <TasksIcon size={18} />, title: 'No tasks', text: 'Copy or move an instance from its menu to start one.' }} columns={['Task', 'From', 'To', 'State', 'Progress', 'By', 'Started', 'Took', { label: 'Actions', srOnly: true }]} aria-label="Tasks">
        {rows.map((task) => (
          <tr key={task.id} data-task={task.id}>
            <td className="px-4 py-1.5 whitespace-nowrap">{TASK_KIND_LABEL[task.kind] ?? task.kind}</td>
            <td className="px-3 py-1.5 text-xs">{endpointLabel(task.source)}</td>
            <td className="px-3 py-1.5 text-xs">{endpointLabel(task.target)}</td>
            <td className="px-3 py-1.5">
              <TaskStateBadge task={task} />
            </td>
            <td className="w-72 max-w-sm px-3 py-1.5">
              <TaskProgressLine task={task} />
            </td>
            <td className="px-3 py-1.5 text-xs">{task.user}</td>
            <td className="px-3 py-1.5 text-xs whitespace-nowrap" title={absoluteTime(task.startedAt)}>
              {relativeTime(task.startedAt)}
            </td>
            <td className="px-3 py-1.5 text-xs whitespace-nowrap">
              {task.endedAt ? formatSeconds((Date.parse(task.endedAt) - Date.parse(task.startedAt)) / 1000) : '—'}
            </td>
            <ButtonCell show={isActive(task)} size="xs" variant="danger" busy={cancel.busy === task.id} onClick={() => void cancel.run(task.id, () => cancelTask(task.id))}>
              Cancel
            </ButtonCell>
          </tr>
        ))}
      </ListTable>
    </ListPage>
  );
}
