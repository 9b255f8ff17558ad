'use client';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { CLOUD_INIT_FIELDS } from '@/lib/cloud-init';
import { useImageServerImages, useImageServers } from '@/lib/api/image-servers';
import { useImages, useInstanceTypes, useNetworks, usePoolNames, useProfiles, useProjects } from '@/lib/api/instances';
import { usePresets } from '@/lib/api/limits';
import { errorMessage } from '@/lib/format';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, FormFooter } from '../ui/dialog';
import { Checkbox, inputClass, SelectField, TextField, Options } from '../ui/field';
import { DaemonSelect, daemonWithVersion } from '../daemons/daemon-select';
import {
  chosenImage,
  chosenProfiles,
  createProblems,
  createRequest,
  emptyDraft,
  localImageChoices,
  serverImageChoices,
  withDaemon,
  withProject,
  type CreateContext,
  type CreateDraft,
} from './create-instance-model';
import { DeviceFields } from './device-fields';
import { DEVICE_TYPES, newDevice } from './devices-model';
import { useInstanceOperations } from './use-instance-operations';

function Section({ title, children, open }: { title: string; children: React.ReactNode; open?: boolean }) {
  return (
    <details open={open} className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <summary className="cursor-pointer text-xs font-semibold text-zinc-700 dark:text-zinc-300">{title}</summary>
      <div className="mt-2 space-y-3">{children}</div>
    </details>
  );
}

/** The create form: a view over create-instance-model.ts, sent through the gateway with the daemon's progress. */
export function CreateInstanceDialog({
  daemons,
  defaultDaemonId,
  defaultImage,
  defaultSource,
  onClose,
}: {
  daemons: DaemonView[];
  defaultDaemonId?: string;
  /** Preselects an image of the default daemon: `alias:NAME` or `fingerprint:FP`. */
  defaultImage?: string;
  /** An image server's id to take the image from (with `defaultImage` as the server's choice value). */
  defaultSource?: string;
  onClose: () => void;
}) {
  const { create } = useInstanceOperations();
  const usable = daemons.filter((d) => d.status === 'online');
  const [draft, setDraft] = useState<CreateDraft>(() => ({
    ...emptyDraft(usable.find((d) => d.id === defaultDaemonId)?.id ?? usable[0]?.id ?? '', defaultImage),
    imageSource: defaultSource ?? 'local',
  }));
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const update = (patch: Partial<CreateDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const daemonId = draft.daemonId || undefined;
  const daemon = daemons.find((d) => d.id === draft.daemonId);
  const projects = useProjects(daemonId);
  const localImages = useImages(daemonId, draft.project);
  const profileList = useProfiles(daemonId, draft.project);
  const types = useInstanceTypes(daemonId);
  const pools = usePoolNames(daemonId);
  const networks = useNetworks(daemonId, draft.project);
  const servers = useImageServers();
  const presets = usePresets();
  const server = servers.data?.find((s) => s.id === draft.imageSource);
  const serverImages = useImageServerImages(server?.id);

  const ctx: CreateContext = {
    daemonKind: daemon?.kind ?? 'lxd',
    instanceTypes: types.data ?? ['container'],
    profiles: profileList.data?.map((p) => p.name) ?? [],
    pools: pools.data ?? [],
    networks: networks.data ?? [],
    servers: servers.data ?? [],
    presets: presets.data ?? [],
  };
  const imageQuery = server ? serverImages : localImages;
  const choices = server ? serverImageChoices(serverImages.data ?? []) : localImageChoices(localImages.data ?? []);
  const image = chosenImage(draft, choices);
  const problems = createProblems(draft, ctx, image);
  const profiles = chosenProfiles(draft, ctx.profiles);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!daemon || !image || problems.length > 0) return;
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      await create({ daemonId: daemon.id, ...createRequest(draft, ctx, image, daemon.clustered) }, daemon.name, setProgress);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Create instance" description="From an image on the daemon or an image server, with its size, storage, cloud-init and devices." onClose={onClose} busy={busy} size="lg">
      <form onSubmit={submit}>
        <DialogBody>
          {usable.length === 0 && <Alert kind="warning">No daemon is online. Add one on the Daemons page.</Alert>}
          <fieldset disabled={busy} className="space-y-3">
            <div className="grid grid-cols-2 gap-3">
              <DaemonSelect daemons={daemons} value={draft.daemonId} onChange={(id) => setDraft((d) => withDaemon(d, id))} text={daemonWithVersion} offline />
              <SelectField label="Project" value={draft.project} onChange={(e) => setDraft((d) => withProject(d, e.target.value))} disabled={!projects.data} error={projects.error ? errorMessage(projects.error) : null}>
                {(projects.data ?? [{ name: 'default' }]).map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </SelectField>
              <TextField label="Name" value={draft.name} onChange={(e) => update({ name: e.target.value })} required autoFocus spellCheck={false} autoComplete="off" hint="Letters, digits and hyphens." />
              <SelectField label="Type" value={draft.type} onChange={(e) => update({ type: e.target.value as CreateDraft['type'] })} hint={ctx.instanceTypes.includes('virtual-machine') ? undefined : 'This daemon runs containers only.'}>
                <option value="container">Container</option>
                {ctx.instanceTypes.includes('virtual-machine') && <option value="virtual-machine">Virtual machine</option>}
              </SelectField>
              {daemon?.clustered && (
                <SelectField label="Cluster member" value={draft.target} onChange={(e) => update({ target: e.target.value })} hint="Automatic lets the cluster choose.">
                  <option value="">Automatic</option>
                  {(daemon.members ?? []).map((m) => (
                    <option key={m.name} value={m.name}>
                      {m.name} ({m.status})
                    </option>
                  ))}
                </SelectField>
              )}
            </div>
            <div className="grid grid-cols-2 gap-3">
              <SelectField label="Source" value={draft.imageSource} onChange={(e) => update({ imageSource: e.target.value, image: '' })} error={servers.error ? errorMessage(servers.error) : null}>
                <option value="local">This daemon</option>
                {(servers.data ?? []).map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.daemon ? 'daemon' : s.protocol})
                  </option>
                ))}
              </SelectField>
              <SelectField
                label="Image"
                value={image?.value ?? ''}
                onChange={(e) => update({ image: e.target.value })}
                disabled={imageQuery.isPending}
                error={imageQuery.error ? errorMessage(imageQuery.error) : null}
                hint={imageQuery.data && !image ? `No ${draft.type === 'container' ? 'container' : 'VM'} images here.` : server ? 'The daemon downloads it from the server.' : undefined}
              >
                {imageQuery.isPending && <option value="">Loading images…</option>}
                {choices
                  .filter((c) => c.type === draft.type)
                  .map((c) => (
                    <option key={c.value} value={c.value}>
                      {c.label}
                    </option>
                  ))}
              </SelectField>
            </div>
            <fieldset>
              <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Profiles</legend>
              {profileList.error && <p className="text-xs text-red-600">{errorMessage(profileList.error)}</p>}
              <div className="flex flex-wrap gap-x-4 gap-y-1.5 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
                {profileList.isPending && <p className="text-xs text-zinc-500">Loading profiles…</p>}
                {ctx.profiles.map((p) => (
                  <Checkbox key={p} label={p} checked={profiles.includes(p)} onChange={(e) => update({ profiles: e.target.checked ? [...profiles, p] : profiles.filter((x) => x !== p) })} />
                ))}
              </div>
            </fieldset>
            <Section title="Size and storage">
              <div className="grid grid-cols-3 gap-3">
                <SelectField label="Size preset" value={draft.preset} onChange={(e) => update({ preset: e.target.value })} hint="Limits from a preset; none keeps the profiles'.">
                  <option value="">None</option>
                  {ctx.presets.map((p) => (
                    <option key={p.name} value={p.name}>
                      {p.name}
                    </option>
                  ))}
                </SelectField>
                <SelectField label="Root disk pool" value={draft.pool} onChange={(e) => update({ pool: e.target.value })} error={pools.error ? errorMessage(pools.error) : null}>
                  <option value="">From the profiles</option>
                  <Options values={ctx.pools} />
                </SelectField>
                <TextField label="Root size" value={draft.rootSize} onChange={(e) => update({ rootSize: e.target.value })} placeholder="10GiB" spellCheck={false} />
              </div>
            </Section>
            <Section title="Cloud-init and SSH key">
              {CLOUD_INIT_FIELDS.map((field) => (
                <label key={field.id} className="block space-y-1">
                  <span className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
                    {field.label} <code className="text-[11px] text-zinc-500">{field.key}</code>
                  </span>
                  <textarea
                    className={`${inputClass} h-20 py-1.5 font-mono text-xs`}
                    value={draft.cloudInit[field.id]}
                    onChange={(e) => update({ cloudInit: { ...draft.cloudInit, [field.id]: e.target.value } })}
                    spellCheck={false}
                    placeholder={field.id === 'userData' ? '#cloud-config\npackages: [htop]' : ''}
                  />
                </label>
              ))}
              <TextField label="SSH public key" value={draft.sshKey} onChange={(e) => update({ sshKey: e.target.value })} placeholder="ssh-ed25519 AAAA… you@host" spellCheck={false} hint="Added to the user-data's ssh_authorized_keys." />
            </Section>
            <Section title={`Devices (${draft.devices.length})`}>
              {draft.devices.map((device, i) => (
                <DeviceFields
                  key={i}
                  device={device}
                  ctx={ctx}
                  onChange={(next) => update({ devices: draft.devices.map((d, j) => (j === i ? next : d)) })}
                  onRemove={() => update({ devices: draft.devices.filter((_, j) => j !== i) })}
                />
              ))}
              <div className="flex gap-2">
                {DEVICE_TYPES.map((type) => (
                  <Button key={type} size="sm" onClick={() => update({ devices: [...draft.devices, newDevice(type, draft.devices.map((d) => d.name))] })}>
                    Add {type === 'nic' ? 'NIC' : type}
                  </Button>
                ))}
              </div>
            </Section>
            <Checkbox label="Start after creating" checked={draft.start} onChange={(e) => update({ start: e.target.checked })} />
          </fieldset>
          {draft.name && problems.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-xs text-red-600 dark:text-red-400" aria-label="Problems">
              {problems.map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          )}
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <FormFooter confirmLabel="Create" busy={busy} busyLabel="Creating…" progress={progress} missing={problems[0] ?? null} onCancel={onClose} />
      </form>
    </Dialog>
  );
}
