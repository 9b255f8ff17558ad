'use client';
import { useState } from 'react';
import type { DaemonView, FleetImage } from '@/lib/api-types';
import { addAlias, copyImage, deleteImage, removeAlias, updateImage, type ImageRef } from '@/lib/api/images';
import { errorMessage, shortFingerprint } from '@/lib/format';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Checkbox, TextField } from '../ui/field';
import { ProjectSelect } from '../infra/project-select';
import { XIcon } from '../ui/icons';
import { splitAliases } from './publish-dialog';
import { DaemonSelect, daemonWithVersion } from '../daemons/daemon-select';

export const imageRef = (image: FleetImage): ImageRef => ({ daemonId: image.daemon.id, project: image.project, fingerprint: image.fingerprint });
const imageName = (image: FleetImage) => image.aliases[0]?.name ?? shortFingerprint(image.fingerprint);

type Props = { image: FleetImage; onDone: () => Promise<unknown>; onClose: () => void };

/** Adds an alias; removing one is a button on each existing alias. */
export function AliasesDialog({ image, onDone, onClose }: Props) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [removing, setRemoving] = useState<string | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [aliases, setAliases] = useState(image.aliases);
  return (
    <ActionDialog
      title={`Aliases of ${imageName(image)}`}
      description={`Image ${shortFingerprint(image.fingerprint)} on ${image.daemon.name}`}
      confirmLabel="Add alias"
      missing={name.trim() ? null : 'Enter an alias name'}
      onClose={onClose}
      onConfirm={() => addAlias(imageRef(image), name.trim(), description.trim())}
      onDone={onDone}
    >
      <ul className="space-y-1" aria-label="Current aliases">
        {aliases.length === 0 && <li className="text-[13px] text-zinc-500">No aliases.</li>}
        {aliases.map((a) => (
          <li key={a.name} className="flex items-center justify-between rounded-md bg-zinc-50 px-2 py-1 text-[13px] dark:bg-zinc-800/60">
            <span>
              <span className="font-medium">{a.name}</span>
              {a.description && <span className="text-zinc-500"> — {a.description}</span>}
            </span>
            <Button
              size="xs"
              variant="ghost"
              icon={<XIcon size={12} />}
              busy={removing === a.name}
              aria-label={`Remove alias ${a.name}`}
              onClick={async () => {
                setRemoving(a.name);
                setRemoveError(null);
                try {
                  await removeAlias(image.daemon.id, image.project, a.name);
                  setAliases((list) => list.filter((x) => x.name !== a.name));
                  await onDone();
                } catch (e) {
                  setRemoveError(errorMessage(e));
                } finally {
                  setRemoving(null);
                }
              }}
            >
              Remove
            </Button>
          </li>
        ))}
      </ul>
      {removeError && <Alert kind="error">{removeError}</Alert>}
      <TextField label="New alias" value={name} onChange={(e) => setName(e.target.value)} autoFocus spellCheck={false} />
      <TextField label="Alias description" value={description} onChange={(e) => setDescription(e.target.value)} />
    </ActionDialog>
  );
}

/** `key=value` per line → properties; a line without "=" is an error naming it. */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`line ${i + 1}: write each property as key=value`);
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  });
  return out;
}

export function PropertiesDialog({ image, onDone, onClose }: Props) {
  const [text, setText] = useState(
    Object.entries(image.properties)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const [isPublic, setPublic] = useState(image.public);
  const [autoUpdate, setAutoUpdate] = useState(image.auto_update);
  return (
    <ActionDialog
      title={`Edit ${imageName(image)}`}
      description={`Image ${shortFingerprint(image.fingerprint)} on ${image.daemon.name}`}
      confirmLabel="Save"
      onClose={onClose}
      onConfirm={() => updateImage(imageRef(image), { properties: parseProperties(text), public: isPublic, auto_update: autoUpdate })}
      onDone={onDone}
    >
      <label className="block space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Properties (one key=value per line)
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={7}
          spellCheck={false}
          className="block w-full rounded-md p-2 font-mono text-xs font-normal ring-1 ring-zinc-300 ring-inset dark:bg-zinc-900 dark:ring-zinc-700"
        />
      </label>
      <Checkbox label="Public" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
      <Checkbox label="Auto-update" hint="Only images that came from an image server can update." checked={autoUpdate} onChange={(e) => setAutoUpdate(e.target.checked)} />
    </ActionDialog>
  );
}

/** Hangar streams the image from its daemon into the chosen one (the daemons never talk to each other). */
export function CopyImageDialog({ image, daemons, onDone, onClose }: Props & { daemons: DaemonView[] }) {
  const targets = daemons.filter((d) => d.status === 'online' && d.id !== image.daemon.id);
  const [to, setTo] = useState(targets[0]?.id ?? '');
  const [project, setProject] = useState('default');
  const [aliases, setAliases] = useState('');
  return (
    <ActionDialog
      title={`Copy ${imageName(image)} to another daemon`}
      confirmLabel="Copy"
      missing={to ? null : 'No other daemon is online'}
      onClose={onClose}
      onConfirm={async () => {
        await copyImage({
          from: { daemon: image.daemon.id, fingerprint: image.fingerprint, project: image.project },
          to: { daemon: to, project: project.trim() || 'default', aliases: splitAliases(aliases) },
        });
        await onDone();
      }}
    >
      <DaemonSelect daemons={targets} value={to} onChange={setTo} label="To daemon" text={daemonWithVersion} />
      <ProjectSelect daemonId={to || undefined} value={project} onChange={setProject} />
      <TextField
        label="Aliases on the target"
        value={aliases}
        onChange={(e) => setAliases(e.target.value)}
        hint={image.aliases.length ? `Optional, e.g. ${image.aliases.map((a) => a.name).join(', ')}` : 'Optional; separate several with commas.'}
      />
    </ActionDialog>
  );
}

export function DeleteImageDialog({ image, onDone, onClose }: Props) {
  return (
    <ActionDialog
      title={`Delete image ${imageName(image)}?`}
      description={`${shortFingerprint(image.fingerprint)} on ${image.daemon.name}; instances made from it keep running.`}
      confirmLabel="Delete"
      danger
      onClose={onClose}
      onConfirm={() => deleteImage(imageRef(image))}
      onDone={onDone}
    />
  );
}
