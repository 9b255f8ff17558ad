'use client';
import { useState, type FormEvent } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { useImages, useProfiles, useProjects } from '@/lib/api/instances';
import { errorMessage, shortFingerprint } from '@/lib/format';
import type { LxdImage } from '@/lib/lxd-types';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { Checkbox, SelectField, TextField } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { useInstanceOperations } from './use-instance-operations';

interface ImageChoice {
  value: string;
  label: string;
  source: { alias: string } | { fingerprint: string };
}

/** One choice per alias (what people know images by), and one per image that has none. */
function imageChoices(images: LxdImage[]): ImageChoice[] {
  return images.flatMap((image): ImageChoice[] => {
    const description = image.properties?.description ?? '';
    if (image.aliases.length === 0) {
      return [
        {
          value: `fingerprint:${image.fingerprint}`,
          label: `${shortFingerprint(image.fingerprint)}${description ? ` — ${description}` : ''}`,
          source: { fingerprint: image.fingerprint },
        },
      ];
    }
    return image.aliases.map((alias) => ({
      value: `alias:${alias.name}`,
      label: `${alias.name}${alias.description || description ? ` — ${alias.description || description}` : ''}`,
      source: { alias: alias.name },
    }));
  });
}

export function CreateInstanceDialog({
  daemons,
  defaultDaemonId,
  defaultImage,
  onClose,
}: {
  daemons: DaemonView[];
  defaultDaemonId?: string;
  /** Preselects an image of the default daemon: `alias:NAME` or `fingerprint:FP`. */
  defaultImage?: string;
  onClose: () => void;
}) {
  const { create } = useInstanceOperations();
  const usable = daemons.filter((d) => d.status === 'online');
  const [daemonId, setDaemonId] = useState(
    usable.find((d) => d.id === defaultDaemonId)?.id ?? usable[0]?.id ?? '',
  );
  const [target, setTarget] = useState('');
  const [project, setProject] = useState('default');
  const [name, setName] = useState('');
  const [image, setImage] = useState(defaultImage ?? '');
  const [profiles, setProfiles] = useState<string[] | null>(null);
  const [start, setStart] = useState(true);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const daemon = daemons.find((d) => d.id === daemonId);
  const projects = useProjects(daemonId || undefined);
  const images = useImages(daemonId || undefined, project);
  const profileList = useProfiles(daemonId || undefined, project);

  const choices = imageChoices(images.data ?? []);
  const chosenImage = choices.find((c) => c.value === image) ?? choices[0];
  const availableProfiles = profileList.data?.map((p) => p.name) ?? [];
  const chosenProfiles = profiles ?? availableProfiles.filter((p) => p === 'default');

  function changeDaemon(id: string) {
    setDaemonId(id);
    setTarget('');
    setProject('default');
    setImage('');
    setProfiles(null);
  }

  function changeProject(next: string) {
    setProject(next);
    setImage('');
    setProfiles(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!daemon || !chosenImage) return;
    setBusy(true);
    setError(null);
    setProgress(null);
    try {
      await create(
        {
          daemonId: daemon.id,
          project,
          target: daemon.clustered && target ? target : undefined,
          name: name.trim(),
          image: chosenImage.source,
          profiles: chosenProfiles,
          start,
        },
        daemon.name,
        setProgress,
      );
      onClose();
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  }

  const missing = !daemon
    ? 'Choose a daemon'
    : !name.trim()
      ? 'Enter a name'
      : !chosenImage
        ? 'Choose an image'
        : null;

  return (
    <Dialog title="Create instance" description="A container from an image on one of your daemons." onClose={onClose} busy={busy} size="md">
      <form onSubmit={submit}>
        <DialogBody>
          {usable.length === 0 && <Alert kind="warning">No daemon is online. Add one on the Daemons page.</Alert>}
          <div className="grid grid-cols-2 gap-3">
            <SelectField label="Daemon" value={daemonId} onChange={(e) => changeDaemon(e.target.value)} disabled={busy}>
              {daemons.map((d) => (
                <option key={d.id} value={d.id} disabled={d.status !== 'online'}>
                  {d.name} ({d.kind === 'incus' ? 'Incus' : 'LXD'} {d.version}){d.status !== 'online' ? ` — ${d.status}` : ''}
                </option>
              ))}
            </SelectField>
            <SelectField
              label="Project"
              value={project}
              onChange={(e) => changeProject(e.target.value)}
              disabled={busy || !projects.data}
              error={projects.error ? errorMessage(projects.error) : null}
            >
              {(projects.data ?? [{ name: 'default' }]).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </SelectField>
          </div>
          {daemon?.clustered && (
            <SelectField
              label="Cluster member"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              disabled={busy}
              hint="Where the instance runs; automatic lets the cluster choose."
            >
              <option value="">Automatic</option>
              {(daemon.members ?? []).map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name} ({m.status})
                </option>
              ))}
            </SelectField>
          )}
          <TextField
            label="Name"
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            autoFocus
            spellCheck={false}
            autoComplete="off"
            disabled={busy}
            hint="Letters, digits and hyphens; the daemon checks the rest."
          />
          <SelectField
            label="Image"
            value={chosenImage?.value ?? ''}
            onChange={(e) => setImage(e.target.value)}
            disabled={busy || images.isPending}
            error={images.error ? errorMessage(images.error) : null}
            hint={images.data && choices.length === 0 ? `No images in project ${project} on this daemon.` : undefined}
          >
            {images.isPending && <option value="">Loading images…</option>}
            {choices.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </SelectField>
          <fieldset disabled={busy}>
            <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Profiles</legend>
            {profileList.isPending && <p className="text-xs text-zinc-500">Loading profiles…</p>}
            {profileList.error && <p className="text-xs text-red-600">{errorMessage(profileList.error)}</p>}
            <div className="flex flex-wrap gap-x-4 gap-y-1.5 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
              {availableProfiles.map((p) => (
                <Checkbox
                  key={p}
                  label={p}
                  checked={chosenProfiles.includes(p)}
                  onChange={(e) =>
                    setProfiles(e.target.checked ? [...chosenProfiles, p] : chosenProfiles.filter((x) => x !== p))
                  }
                />
              ))}
              {profileList.data && availableProfiles.length === 0 && <p className="text-xs text-zinc-500">No profiles</p>}
            </div>
          </fieldset>
          <Checkbox label="Start after creating" checked={start} onChange={(e) => setStart(e.target.checked)} disabled={busy} />
          {error && <Alert kind="error">{error}</Alert>}
        </DialogBody>
        <DialogFooter
          status={
            busy && (
              <span className="inline-flex items-center gap-1.5" role="status">
                <Spinner /> Creating… {progress}
              </span>
            )
          }
        >
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy} disabledReason={missing}>
            Create
          </Button>
        </DialogFooter>
      </form>
    </Dialog>
  );
}
