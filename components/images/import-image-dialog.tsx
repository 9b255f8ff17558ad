'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DaemonView } from '@/lib/api-types';
import { uploadImage, type ImageFiles, type UploadProgress } from '@/lib/api/images';
import { imageKeys, lxdKeys } from '@/lib/query-keys';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Checkbox, TextField } from '../ui/field';
import { splitAliases } from './publish-dialog';
import { UploadProgressBar } from './upload-progress';
import { DaemonSelect, daemonWithVersion } from '../daemons/daemon-select';
import { ProjectSelect } from '../infra/project-select';

/** A file input with a visible label (the shared fields have no file variant). */
export function FileField({ label, hint, onFile, accept }: { label: string; hint?: string; accept?: string; onFile: (file: File | null) => void }) {
  return (
    <label className="block space-y-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
      {label}
      <input
        type="file"
        accept={accept}
        onChange={(e) => onFile(e.target.files?.[0] ?? null)}
        className="block w-full text-[13px] font-normal file:mr-3 file:rounded-md file:border-0 file:bg-zinc-100 file:px-3 file:py-1.5 file:text-xs file:font-medium dark:file:bg-zinc-800"
      />
      {hint && <span className="block font-normal text-zinc-500 dark:text-zinc-400">{hint}</span>}
    </label>
  );
}

/** Imports a unified or split image tarball, streamed through Hangar to the daemon with a progress bar. */
export function ImportImageDialog({ daemons, defaultDaemonId, onClose }: { daemons: DaemonView[]; defaultDaemonId?: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const online = daemons.filter((d) => d.status === 'online');
  const [daemonId, setDaemonId] = useState(online.find((d) => d.id === defaultDaemonId)?.id ?? online[0]?.id ?? '');
  const [project, setProject] = useState('default');
  const [split, setSplit] = useState(false);
  const [unified, setUnified] = useState<File | null>(null);
  const [metadata, setMetadata] = useState<File | null>(null);
  const [rootfs, setRootfs] = useState<File | null>(null);
  const [aliases, setAliases] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const daemon = online.find((d) => d.id === daemonId);

  const files: ImageFiles | null = split ? (metadata && rootfs ? { metadata, rootfs } : null) : unified ? { unified } : null;
  const missing = !daemon ? 'Choose a daemon' : !files ? (split ? 'Choose the metadata and rootfs files' : 'Choose an image file') : null;

  return (
    <ActionDialog
      title="Import image"
      description="Upload an image tarball; Hangar streams it to the daemon without keeping it."
      confirmLabel="Import"
      missing={missing}
      onClose={onClose}
      onConfirm={async () => {
        setProgress({ loaded: 0, total: 0, stage: 'uploading' });
        try {
          await uploadImage(daemon!, project, files!, { public: isPublic, properties: {}, aliases: splitAliases(aliases) }, setProgress);
        } finally {
          setProgress(null);
        }
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: imageKeys.all }),
          queryClient.invalidateQueries({ queryKey: lxdKeys.images(daemon!.id, project) }),
        ]);
      }}
    >
      <div className="grid grid-cols-2 gap-3">
        <DaemonSelect daemons={online} value={daemonId} onChange={setDaemonId} text={daemonWithVersion} />
        <ProjectSelect daemonId={daemonId || undefined} value={project} onChange={setProject} />
      </div>
      <fieldset className="flex gap-4 text-[13px]">
        <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">Format</legend>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="format" checked={!split} onChange={() => setSplit(false)} /> Unified (one tarball)
        </label>
        <label className="flex items-center gap-1.5">
          <input type="radio" name="format" checked={split} onChange={() => setSplit(true)} /> Split (metadata + rootfs)
        </label>
      </fieldset>
      {split ? (
        <>
          <FileField label="Metadata tarball" hint="metadata.yaml and templates/" onFile={setMetadata} />
          <FileField label="Root filesystem" hint="squashfs or tarball (rootfs.img for a VM)" onFile={setRootfs} />
        </>
      ) : (
        <FileField label="Image file" hint="A tarball with metadata.yaml and rootfs/" onFile={setUnified} />
      )}
      <TextField label="Aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} hint="Optional; separate several with commas." />
      <Checkbox label="Public" checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
      <UploadProgressBar progress={progress} />
    </ActionDialog>
  );
}
