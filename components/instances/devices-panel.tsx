'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { editableInstance, fetchInstanceConfig, saveInstanceConfig, useExpandedConfig } from '@/lib/api/config';
import { useNetworks, usePoolNames } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { errorMessage } from '@/lib/format';
import { configKeys, instanceKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { ConfirmDialog } from '../ui/action-dialog';
import { useAction } from '../ui/use-action';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DeviceFields } from './device-fields';
import { changedDevices, DEVICE_TYPES, deviceProblems, draftOf, isEditableDevice, newDevice, type DeviceDraft } from './devices-model';
import { Loading } from '../ui/query-state';

interface Editing {
  draft: DeviceDraft;
  /** The device being edited (or overridden, when it is inherited); absent for a new one. */
  replacing?: string;
  inherited?: boolean;
}

/**
 * The instance's devices: its own (add, edit, remove) and those its profiles give it, with the
 * profile; an inherited disk or NIC is changed by giving the instance its own copy (how a root
 * disk is resized). Saved with PUT and the ETag; the daemon's refusal is shown in its words.
 */
export default function DevicesPanel({ daemonId, project, instance }: { daemonId: string; project: string; instance: string }) {
  const ref = { daemonId, project, name: instance };
  const queryClient = useQueryClient();
  const me = useMe();
  const editable = can(me.data?.role, 'manageInstances');
  const expanded = useExpandedConfig(ref);
  const pools = usePoolNames(daemonId);
  const networks = useNetworks(daemonId, project);
  const ctx = { pools: pools.data ?? [], networks: networks.data ?? [] };
  const [editing, setEditing] = useState<Editing | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const save = useAction();

  async function apply(change: Parameters<typeof changedDevices>[1]) {
    const current = await fetchInstanceConfig(ref);
    const put = editableInstance(current.data);
    await saveInstanceConfig(ref, { ...put, devices: changedDevices(put.devices, change) }, current.etag);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: configKeys.instance(daemonId, project, instance) }),
      queryClient.invalidateQueries({ queryKey: instanceKeys.detail(daemonId, project, instance) }),
    ]);
  }

  if (expanded.isPending) {
    return <Loading what="devices" className="p-6" />;
  }
  if (expanded.error) return <Alert kind="error">{errorMessage(expanded.error)}</Alert>;
  const devices = expanded.data.sourced.devices;
  const own = Object.keys(expanded.data.instance.devices ?? {});
  const problems = editing ? deviceProblems(editing.draft, ctx, own.filter((n) => n !== editing.replacing)) : [];

  return (
    <div className="space-y-3 p-4">
      <table className="w-full text-[13px]" aria-label="Devices">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="py-1">Name</th>
            <th>Type</th>
            <th>Settings</th>
            <th>From</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {devices.map(({ key, value, source }) => {
            const inherited = source.kind === 'profile';
            const { type, ...rest } = value;
            return (
              <tr key={key} className="border-t border-zinc-100 align-top dark:border-zinc-800" data-device={key}>
                <td className="py-1.5 font-medium">{key}</td>
                <td>{type}</td>
                <td className="font-mono text-xs">
                  {Object.entries(rest)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(' ')}
                </td>
                <td>{inherited ? `profile ${source.name}` : 'this instance'}</td>
                <td className="space-x-1 whitespace-nowrap text-right">
                  {editable && isEditableDevice(value) && (
                    <Button size="sm" onClick={() => setEditing({ draft: draftOf(key, value), replacing: key, inherited })}>
                      {inherited ? (key === 'root' ? 'Resize' : 'Override') : 'Edit'} {key}
                    </Button>
                  )}
                  {editable && !inherited && (
                    <Button size="sm" variant="danger" onClick={() => setRemoving(key)}>
                      Remove {key}
                    </Button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && !editing && (
        <div className="flex gap-2">
          {DEVICE_TYPES.map((type) => (
            <Button key={type} size="sm" onClick={() => setEditing({ draft: newDevice(type, devices.map((d) => d.key)) })}>
              Add {type === 'nic' ? 'NIC' : type}
            </Button>
          ))}
        </div>
      )}
      {editing && (
        <form
          className="space-y-2"
          onSubmit={(e) => {
            e.preventDefault();
            void save.run(async () => {
              await apply({ put: editing.draft, replacing: editing.replacing });
              setEditing(null);
            });
          }}
        >
          {editing.inherited && <p className="text-xs text-zinc-500">Saving gives this instance its own {editing.draft.name}, which wins over the profile&apos;s.</p>}
          <DeviceFields device={editing.draft} ctx={ctx} onChange={(draft) => setEditing({ ...editing, draft })} disabled={save.busy} lockName={Boolean(editing.replacing)} />
          {problems.length > 0 && (
            <ul className="list-disc pl-5 text-xs text-red-600 dark:text-red-400" aria-label="Problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {save.error && <Alert kind="error">{save.error}</Alert>}
          <div className="flex gap-2">
            <Button type="submit" variant="primary" busy={save.busy} disabledReason={problems[0] ?? null}>
              Save {editing.draft.name}
            </Button>
            <Button onClick={() => setEditing(null)} disabled={save.busy}>
              Cancel
            </Button>
          </div>
        </form>
      )}
      {removing && (
        <ConfirmDialog title={`Remove ${removing}?`} confirmLabel={`Remove ${removing}`} danger onConfirm={() => apply({ remove: removing })} onClose={() => setRemoving(null)}>
          The device {removing} is taken off {instance}; on a running instance the daemon unplugs it now where it can. Data on a pool volume stays on the pool.
        </ConfirmDialog>
      )}
    </div>
  );
}
