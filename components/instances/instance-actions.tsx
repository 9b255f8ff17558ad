'use client';
import type { ReactNode } from 'react';
import type { LifecycleAction } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { can } from '@/lib/roles';
import { Button } from '../ui/button';
import { CopyIcon, FreezeIcon, MoreIcon, MoveIcon, PencilIcon, PlayIcon, RestartIcon, StopIcon, SunIcon, TrashIcon } from '../ui/icons';
import { Menu, type MenuEntry } from '../ui/menu';
import { useInstanceDialogs } from './instance-dialogs';
import { applicableActions, LIFECYCLE, useInstanceOperations, type InstanceHandle } from './use-instance-operations';

const ICONS: Record<LifecycleAction, ReactNode> = {
  start: <PlayIcon size={14} />,
  stop: <StopIcon size={14} />,
  restart: <RestartIcon size={14} />,
  freeze: <FreezeIcon size={14} />,
  unfreeze: <SunIcon size={14} />,
};

const ORDER: LifecycleAction[] = ['start', 'stop', 'restart', 'freeze', 'unfreeze'];

/**
 * The lifecycle, rename, copy, move and delete actions of one instance, as a row menu (`menu`) or a toolbar of
 * buttons (`toolbar`). Actions the role may not use stay visible, disabled, with the reason.
 */
export function InstanceActions({
  instance,
  variant,
  pending,
  onRenamed,
  onDeleted,
}: {
  instance: InstanceHandle;
  variant: 'menu' | 'toolbar';
  /** What is running on this instance right now ("Stopping…"); blocks other actions. */
  pending?: string;
  onRenamed?: (newName: string) => void;
  onDeleted?: () => void;
}) {
  const { lifecycle, forceStop, manage, entries, run, lifecycleReason } = useInstanceActions(instance, pending, { onRenamed, onDeleted });

  if (variant === 'menu') {
    return <Menu label={instanceMenuLabel(instance)} trigger={<MoreIcon />} entries={entries} size="sm" />;
  }

  return (
    <div className="flex flex-wrap items-center gap-1.5">
      {lifecycle.map((action) => (
        <Button key={action} size="sm" icon={ICONS[action]} disabledReason={lifecycleReason} onClick={() => run(action)}>
          {LIFECYCLE[action].verb}
        </Button>
      ))}
      <Menu
        label="More actions"
        trigger={<MoreIcon />}
        entries={[...forceStop, ...(forceStop.length ? ['separator' as const] : []), ...manage]}
        triggerClassName="ring-1 ring-inset ring-zinc-300 dark:ring-zinc-700 bg-white dark:bg-zinc-900"
      />
    </div>
  );
}

export const instanceMenuLabel = (instance: Pick<InstanceHandle, 'name'>) => `Actions for ${instance.name}`;

/**
 * One instance's actions as menu entries (`entries`: everything, as a row's menu lists them) and
 * in parts for a toolbar. The fleet table asks this only for the row whose menu is open.
 */
export function useInstanceActions(
  instance: InstanceHandle,
  pending: string | undefined,
  { onRenamed, onDeleted }: { onRenamed?: (newName: string) => void; onDeleted?: () => void } = {},
) {
  const { data: me } = useMe();
  const operations = useInstanceOperations();
  const openDialog = useInstanceDialogs();

  const busyReason = pending ? `Wait: ${pending.replace('…', '').toLowerCase()} is in progress` : null;
  const lifecycleReason = !can(me?.role, 'lifecycle')
    ? `Your role (${me?.role ?? 'unknown'}) cannot start or stop instances`
    : busyReason;
  const manageReason = !can(me?.role, 'manageInstances') ? 'Only admins can rename, copy, move or delete instances' : busyReason;

  const applicable = applicableActions(instance.status);
  const lifecycle = ORDER.filter((a) => applicable.has(a));
  const run = (action: LifecycleAction, force = false) => {
    // A failure is shown in the activity tray with the daemon's message.
    operations.lifecycle(instance, action, force).catch(() => undefined);
  };

  const forceStop: MenuEntry[] = applicable.has('stop')
    ? [{ label: 'Force stop', icon: <StopIcon size={14} />, onSelect: () => run('stop', true), disabledReason: lifecycleReason }]
    : [];
  const manage: MenuEntry[] = [
    { label: 'Rename…', icon: <PencilIcon size={14} />, onSelect: () => openDialog({ kind: 'rename', instance, onRenamed }), disabledReason: manageReason },
    { label: 'Copy…', icon: <CopyIcon size={14} />, onSelect: () => openDialog({ kind: 'copy', instances: [instance], move: false }), disabledReason: manageReason },
    { label: 'Move…', icon: <MoveIcon size={14} />, onSelect: () => openDialog({ kind: 'copy', instances: [instance], move: true }), disabledReason: manageReason },
    { label: 'Delete…', icon: <TrashIcon size={14} />, onSelect: () => openDialog({ kind: 'delete', instances: [instance], onDeleted }), disabledReason: manageReason, danger: true },
  ];
  const entries: MenuEntry[] = [
    ...lifecycle.map<MenuEntry>((action) => ({
      label: LIFECYCLE[action].verb,
      icon: ICONS[action],
      onSelect: () => run(action),
      disabledReason: lifecycleReason,
    })),
    ...forceStop,
    ...(lifecycle.length ? ['separator' as const] : []),
    ...manage,
  ];
  return { lifecycle, forceStop, manage, entries, run, lifecycleReason };
}
