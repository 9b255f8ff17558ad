'use client';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import type { LifecycleAction } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { can } from '@/lib/roles';
import { Button } from '../ui/button';
import { TrashIcon, XIcon } from '../ui/icons';
import { useInstanceDialogs } from './instance-dialogs';
import { applicableActions, LIFECYCLE, useInstanceOperations, type InstanceHandle } from './use-instance-operations';

const ACTIONS: LifecycleAction[] = ['start', 'stop', 'restart', 'freeze', 'unfreeze'];
const BulkLimitsDialog = dynamic(() => import('../limits/bulk-limits-dialog'), { ssr: false });

/** Actions on the selected instances; each button applies to those for which it makes sense. */
export function BulkBar({ selection, onClear }: { selection: InstanceHandle[]; onClear: () => void }) {
  const { data: me } = useMe();
  const { lifecycle } = useInstanceOperations();
  const openDialog = useInstanceDialogs();
  const lifecycleReason = can(me?.role, 'lifecycle') ? null : `Your role (${me?.role}) cannot start or stop instances`;
  const manageReason = can(me?.role, 'manageInstances') ? null : 'Only admins can delete instances';
  const copyReason = can(me?.role, 'manageInstances') ? null : 'Only admins can copy or move instances';
  const limitsReason = can(me?.role, 'limits') ? null : `Your role (${me?.role}) cannot change limits`;
  const [limitsOpen, setLimitsOpen] = useState(false);

  return (
    <div
      role="region"
      aria-label="Selected instances"
      className="flex flex-wrap items-center gap-1.5 rounded-lg border border-indigo-200 bg-indigo-50 px-3 py-1.5 dark:border-indigo-500/30 dark:bg-indigo-500/10"
    >
      <span className="mr-2 text-[13px] font-medium text-indigo-900 dark:text-indigo-200">{selection.length} selected</span>
      {ACTIONS.map((action) => {
        const targets = selection.filter((i) => applicableActions(i.status).has(action));
        return (
          <Button
            key={action}
            size="sm"
            disabledReason={lifecycleReason ?? (targets.length === 0 ? `None of the selected can ${action}` : null)}
            onClick={() => targets.forEach((i) => lifecycle(i, action).catch(() => undefined))}
          >
            {LIFECYCLE[action].verb}
            {targets.length > 0 && targets.length < selection.length && (
              <span className="text-zinc-400 tabular-nums">{targets.length}</span>
            )}
          </Button>
        );
      })}
      <Button size="sm" disabledReason={limitsReason} onClick={() => setLimitsOpen(true)}>
        Limits…
      </Button>
      {limitsOpen && (
        <BulkLimitsDialog
          open
          targets={selection.map((i) => ({ daemon: i.daemonId, project: i.project, name: i.name }))}
          onClose={() => setLimitsOpen(false)}
        />
      )}
      <Button size="sm" disabledReason={copyReason} onClick={() => openDialog({ kind: 'copy', instances: selection, move: false })}>
        Copy…
      </Button>
      <Button size="sm" disabledReason={copyReason} onClick={() => openDialog({ kind: 'copy', instances: selection, move: true })}>
        Move…
      </Button>
      <Button size="sm" variant="danger" icon={<TrashIcon size={13} />} disabledReason={manageReason} onClick={() => openDialog({ kind: 'delete', instances: selection, onDeleted: onClear })}>
        Delete
      </Button>
      <Button size="sm" variant="ghost" icon={<XIcon size={13} />} className="ml-auto" onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
