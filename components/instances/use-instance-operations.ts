'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import {
  changeInstanceState,
  createInstance,
  deleteInstance,
  renameInstance,
  type CreateInstanceInput,
  type InstanceRef,
  type LifecycleAction,
} from '@/lib/api/instances';
import { operationProgress } from '@/lib/api/daemon';
import { instanceKeys } from '@/lib/query-keys';
import { useRunAction } from '../ui/use-action';
import { instanceTarget } from './fleet-view';

/** An instance as the action UI needs it: where it is, what it is called and its state. */
export interface InstanceHandle extends InstanceRef {
  daemonName: string;
  status: string;
}

export const LIFECYCLE: Record<LifecycleAction, { verb: string; pending: string }> = {
  start: { verb: 'Start', pending: 'Starting…' },
  stop: { verb: 'Stop', pending: 'Stopping…' },
  restart: { verb: 'Restart', pending: 'Restarting…' },
  freeze: { verb: 'Freeze', pending: 'Freezing…' },
  unfreeze: { verb: 'Unfreeze', pending: 'Unfreezing…' },
};

/** Which lifecycle actions make sense in a status (the daemon would refuse the others). */
export function applicableActions(status: string): Set<LifecycleAction> {
  switch (status.toLowerCase()) {
    case 'running':
      return new Set(['stop', 'restart', 'freeze']);
    case 'frozen':
      return new Set(['stop', 'unfreeze']);
    case 'stopped':
      return new Set(['start']);
    case 'error':
      return new Set(['start', 'stop']);
    default:
      return new Set();
  }
}

const where = (i: InstanceHandle) => `${i.name} · ${i.daemonName}`;
const changed = (ref: InstanceRef) => [instanceKeys.lists(), instanceKeys.detail(ref.daemonId, ref.project, ref.name)];

/**
 * Instance actions that go through the gateway, wait for the daemon's operation, show in the
 * activity tray and refresh exactly the queries they change.
 */
export function useInstanceOperations() {
  const queryClient = useQueryClient();
  const runAction = useRunAction();

  const lifecycle = useCallback(
    (instance: InstanceHandle, action: LifecycleAction, force = false) => {
      const { verb, pending } = LIFECYCLE[action];
      return runAction(() => changeInstanceState(instance, action, force), {
        activity: { label: `${force ? 'Force stop' : verb} ${where(instance)}`, target: instanceTarget(instance), pending },
        invalidates: changed(instance),
      });
    },
    [runAction],
  );

  /**
   * Renames; with `restart`, a running instance is stopped, renamed and started again under its
   * new name (the daemon renames only stopped instances). A refused rename starts it back as it was.
   */
  const rename = useCallback(
    (instance: InstanceHandle, newName: string, restart = false) =>
      runAction(
        async (report) => {
          const cycle = restart && instance.status.toLowerCase() !== 'stopped';
          if (cycle) {
            report('Stopping…');
            await changeInstanceState(instance, 'stop');
          }
          try {
            report(cycle ? 'Renaming…' : null);
            await renameInstance(instance, newName);
          } catch (error) {
            if (cycle) await changeInstanceState(instance, 'start').catch(() => undefined);
            await queryClient.invalidateQueries({ queryKey: instanceKeys.detail(instance.daemonId, instance.project, instance.name) });
            throw error;
          }
          queryClient.removeQueries({ queryKey: instanceKeys.one(instance.daemonId, instance.project, instance.name) });
          if (cycle) {
            report('Starting…');
            await changeInstanceState({ ...instance, name: newName }, 'start');
          }
        },
        {
          activity: { label: `Rename ${where(instance)} to ${newName}`, target: instanceTarget(instance), pending: 'Renaming…', reportFailure: false },
          invalidates: [instanceKeys.lists()],
        },
      ),
    [runAction, queryClient],
  );

  const remove = useCallback(
    (instance: InstanceHandle, stopFirst: boolean) =>
      runAction(
        async () => {
          if (stopFirst && instance.status.toLowerCase() !== 'stopped') await changeInstanceState(instance, 'stop', true);
          await deleteInstance(instance);
          queryClient.removeQueries({ queryKey: instanceKeys.one(instance.daemonId, instance.project, instance.name) });
        },
        {
          activity: { label: `Delete ${where(instance)}`, target: instanceTarget(instance), pending: 'Deleting…', reportFailure: false },
          invalidates: [instanceKeys.lists()],
        },
      ),
    [runAction, queryClient],
  );

  const create = useCallback(
    (input: CreateInstanceInput, daemonName: string, onProgress: (text: string | null) => void) =>
      runAction(
        (report) =>
          createInstance(input, {
            onProgress: (operation) => {
              const text = operationProgress(operation);
              report(text);
              onProgress(text);
            },
          }),
        {
          activity: {
            label: `Create ${input.body.name} · ${daemonName}`,
            target: instanceTarget({ daemonId: input.daemonId, project: input.query.project, name: input.body.name }),
            pending: 'Creating…',
            reportFailure: false,
          },
          invalidates: [instanceKeys.lists()],
        },
      ),
    [runAction],
  );

  return useMemo(() => ({ lifecycle, rename, remove, create }), [lifecycle, rename, remove, create]);
}
