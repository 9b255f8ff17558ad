'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { publishHint, publishImage } from '@/lib/api/images';
import { operationProgress } from '@/lib/api/daemon';
import { imageKeys, lxdKeys } from '@/lib/query-keys';
import { ActionDialog } from '@/components/ui/action-dialog';
import { Checkbox, TextField } from '../ui/field';

/** Comma- or space-separated alias names, without duplicates or blanks. */
export function splitAliases(text: string): string[] {
  return [...new Set(text.split(/[\s,]+/).filter(Boolean))];
}

/** Publishes a stopped instance or one of its snapshots as an image on the same daemon. */
export function PublishDialog({
  daemonId,
  project,
  source,
  onClose,
}: {
  daemonId: string;
  project: string;
  source: { type: 'instance' | 'snapshot'; name: string };
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const [aliases, setAliases] = useState('');
  const [description, setDescription] = useState('');
  const [os, setOs] = useState('');
  const [release, setRelease] = useState('');
  const [isPublic, setPublic] = useState(false);
  const [progress, setProgress] = useState<string | null>(null);

  const properties = Object.fromEntries(
    Object.entries({ description, os, release }).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]),
  );

  return (
    <ActionDialog
      title={`Publish ${source.type === 'snapshot' ? 'snapshot' : 'instance'} ${source.name}`}
      description="Creates an image on this daemon from the instance's root filesystem."
      confirmLabel="Publish"
      progress={progress}
      hint={publishHint}
      onClose={onClose}
      onConfirm={async () => {
        await publishImage(
          { daemonId, project, source, aliases: splitAliases(aliases), properties, public: isPublic },
          { onProgress: (op) => setProgress(operationProgress(op)) },
        );
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: imageKeys.all }),
          queryClient.invalidateQueries({ queryKey: lxdKeys.images(daemonId, project) }),
        ]);
      }}
    >
      <TextField label="Aliases" value={aliases} onChange={(e) => setAliases(e.target.value)} hint="Optional; separate several with commas." autoFocus />
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <div className="grid grid-cols-2 gap-3">
        <TextField label="OS" value={os} onChange={(e) => setOs(e.target.value)} />
        <TextField label="Release" value={release} onChange={(e) => setRelease(e.target.value)} />
      </div>
      <Checkbox label="Public" hint="Other daemons may fetch it without a trust relationship." checked={isPublic} onChange={(e) => setPublic(e.target.checked)} />
    </ActionDialog>
  );
}
