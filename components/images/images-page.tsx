'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useRef, useState } from 'react';
import type { FleetImage } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { imageOs, useFleetImages } from '@/lib/api/images';
import { useFleet } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { useSnapshots } from '@/lib/api/snapshots';
import { absoluteTime, relativeTime, shortFingerprint } from '@/lib/format';
import { imageKeys, lxdKeys } from '@/lib/query-keys';
import { can, roleReason } from '@/lib/roles';
import { formatBytes } from '@/lib/units';
import { ActionDialog } from '@/components/ui/action-dialog';
import { CreateInstanceDialog } from '../instances/create-instance-dialog';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button, CreateButton } from '../ui/button';
import { CopyButton } from '../ui/copy-button';
import { SelectField } from '../ui/field';
import { ImageIcon } from '../ui/icons';
import { MenuCell } from '../ui/menu';
import { AliasesDialog, CopyImageDialog, DeleteImageDialog, PropertiesDialog } from './image-dialogs';
import { ImportImageDialog } from './import-image-dialog';
import { PublishDialog } from './publish-dialog';
import { ListTable } from '../ui/list-table';
import { InfraToolbar } from '../infra/infra-bits';
import { ListPage } from '../ui/list-page';

type Dialog =
  | { kind: 'import' }
  | { kind: 'pick-publish' }
  | { kind: 'publish'; daemonId: string; project: string; source: { type: 'instance' | 'snapshot'; name: string } }
  | { kind: 'aliases' | 'properties' | 'copy' | 'delete' | 'launch'; image: FleetImage };

const imageKey = (i: FleetImage) => `${i.daemon.id}/${i.project}/${i.fingerprint}`;

/** `/images`: every image of every daemon, with import, publish, aliases, properties, copy, delete and launch. */
export function ImagesPage() {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const images = useFleetImages();
  const daemons = useDaemons();
  const [daemon, setDaemon] = useState('');
  const [q, setQ] = useState('');
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const admin = can(me?.role, 'manageImages');
  const adminReason = roleReason(me?.role, 'manageImages', 'change images');
  const launchReason = can(me?.role, 'manageInstances') ? null : 'Only admins can create instances.';

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return (images.data?.images ?? [])
      .filter((i) => !daemon || i.daemon.id === daemon)
      .filter(
        (i) =>
          !needle ||
          [i.fingerprint, i.properties.description ?? '', imageOs(i.properties), i.architecture, ...i.aliases.map((a) => a.name)].some((v) =>
            v.toLowerCase().includes(needle),
          ),
      )
      .sort((a, b) => a.daemon.name.localeCompare(b.daemon.name) || b.created_at.localeCompare(a.created_at));
  }, [images.data, daemon, q]);

  const refresh = () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: imageKeys.all }), queryClient.invalidateQueries({ queryKey: lxdKeys.all })]);
  const close = () => setDialog(null);

  return (
    <>
      <ListPage
        title="Images"
        subtitle={images.data ? `${images.data.images.length} images across ${new Set(images.data.images.map((i) => i.daemon.id)).size} daemons` : 'Images on every daemon'}
        query={images}
        actions={
          <>
            <Button disabledReason={adminReason} onClick={() => setDialog({ kind: 'pick-publish' })}>
              Publish instance…
            </Button>
            <CreateButton disabledReason={adminReason ?? (daemons.data ? null : 'Loading daemons…')} onClick={() => setDialog({ kind: 'import' })}>
              Import image
            </CreateButton>
          </>
        }
        what="images"
      >
        <InfraToolbar
          q={q}
          daemon={daemon}
          daemons={daemons.data}
          onChange={(patch) => {
            if (patch.daemon !== undefined) setDaemon(patch.daemon);
            if (patch.q !== undefined) setQ(patch.q);
          }}
          placeholder="Search alias, fingerprint, OS…"
        />
        <ListTable query={images} what="images" count={rows.length} empty={{ icon: <ImageIcon size={18} />, title: q || daemon ? 'No images match' : 'No images yet', text: admin ? 'Import a tarball or publish an instance.' : 'An admin can import or publish one.' }} columns={['Daemon', 'Aliases', 'Fingerprint', 'Description', 'OS', 'Arch', 'Type', 'Size', 'Created', 'Public', 'Auto-update', { label: 'Actions', srOnly: true }]} aria-label="Images">
          {rows.map((image) => (
            <tr key={imageKey(image)} data-fingerprint={image.fingerprint} data-daemon={image.daemon.name}>
              <td className="px-4 py-1.5 whitespace-nowrap">
                {image.daemon.name}
                {image.project !== 'default' && <span className="text-zinc-500"> / {image.project}</span>}
              </td>
              <td className="px-3 py-1.5">
                <div className="flex flex-wrap gap-1">
                  {image.aliases.map((a) => (
                    <Badge key={a.name} tone="indigo">
                      {a.name}
                    </Badge>
                  ))}
                </div>
              </td>
              <td className="px-3 py-1.5 font-mono text-xs whitespace-nowrap">
                {shortFingerprint(image.fingerprint)} <CopyButton value={image.fingerprint} label={`Copy fingerprint ${image.fingerprint}`} />
              </td>
              <td className="px-3 py-1.5">{image.properties.description ?? '—'}</td>
              <td className="px-3 py-1.5 whitespace-nowrap">{imageOs(image.properties)}</td>
              <td className="px-3 py-1.5">{image.architecture}</td>
              <td className="px-3 py-1.5">{image.type}</td>
              <td className="px-3 py-1.5 whitespace-nowrap">{formatBytes(image.size)}</td>
              <td className="px-3 py-1.5 whitespace-nowrap" title={absoluteTime(image.created_at)}>
                {relativeTime(image.created_at)}
              </td>
              <td className="px-3 py-1.5">{image.public ? 'yes' : 'no'}</td>
              <td className="px-3 py-1.5">{image.auto_update ? 'yes' : 'no'}</td>
              <MenuCell
                  label={`Actions for image ${image.aliases[0]?.name ?? shortFingerprint(image.fingerprint)} on ${image.daemon.name}`}
                  entries={[
                    { label: 'Launch instance…', onSelect: () => setDialog({ kind: 'launch', image }), disabledReason: launchReason },
                    { label: 'Copy to daemon…', onSelect: () => setDialog({ kind: 'copy', image }), disabledReason: adminReason },
                    { label: 'Aliases…', onSelect: () => setDialog({ kind: 'aliases', image }), disabledReason: adminReason },
                    { label: 'Edit properties…', onSelect: () => setDialog({ kind: 'properties', image }), disabledReason: adminReason },
                    'separator',
                    { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', image }), disabledReason: adminReason },
                  ]}
                />
            </tr>
          ))}
        </ListTable>
      </ListPage>

      {dialog?.kind === 'import' && daemons.data && <ImportImageDialog daemons={daemons.data} defaultDaemonId={daemon || undefined} onClose={close} />}
      {dialog?.kind === 'pick-publish' && <PublishSourceDialog onPick={(pick) => setDialog({ kind: 'publish', ...pick })} onClose={close} />}
      {dialog?.kind === 'publish' && <PublishDialog daemonId={dialog.daemonId} project={dialog.project} source={dialog.source} onClose={close} />}
      {dialog?.kind === 'aliases' && <AliasesDialog image={dialog.image} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'properties' && <PropertiesDialog image={dialog.image} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'copy' && daemons.data && <CopyImageDialog image={dialog.image} daemons={daemons.data} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'delete' && <DeleteImageDialog image={dialog.image} onDone={refresh} onClose={close} />}
      {dialog?.kind === 'launch' && daemons.data && (
        <CreateInstanceDialog
          daemons={daemons.data}
          defaultDaemonId={dialog.image.daemon.id}
          defaultImage={dialog.image.aliases[0] ? `alias:${dialog.image.aliases[0].name}` : `fingerprint:${dialog.image.fingerprint}`}
          onClose={close}
        />
      )}
    </>
  );
}

type PublishPick = { daemonId: string; project: string; source: { type: 'instance' | 'snapshot'; name: string } };

/** Chooses what to publish: an instance (it must be stopped) or one of its snapshots. */
function PublishSourceDialog({ onPick, onClose }: { onPick: (pick: PublishPick) => void; onClose: () => void }) {
  const fleet = useFleet();
  // ActionDialog closes itself after onConfirm; once picked, the publish dialog takes over instead.
  const picked = useRef(false);
  const [target, setTarget] = useState('');
  const [snapshot, setSnapshot] = useState('');
  const instances = fleet.data?.instances ?? [];
  const chosen = instances.find((i) => `${i.daemon.id}|${i.project}|${i.name}` === target) ?? instances[0];
  const ref = chosen ? { daemonId: chosen.daemon.id, project: chosen.project, name: chosen.name } : null;
  const snapshots = useSnapshots(ref);
  return (
    <ActionDialog
      title="Publish an image"
      description="From a stopped instance, or from a snapshot of any instance."
      confirmLabel="Next"
      missing={ref ? null : 'Choose an instance'}
      onClose={() => {
        if (!picked.current) onClose();
      }}
      onConfirm={async () => {
        picked.current = true;
        onPick({
          daemonId: ref!.daemonId,
          project: ref!.project,
          source: snapshot ? { type: 'snapshot', name: `${ref!.name}/${snapshot}` } : { type: 'instance', name: ref!.name },
        });
      }}
    >
      <SelectField label="Instance" value={target} onChange={(e) => { setTarget(e.target.value); setSnapshot(''); }} disabled={fleet.isPending}>
        {instances.map((i) => (
          <option key={`${i.daemon.id}|${i.project}|${i.name}`} value={`${i.daemon.id}|${i.project}|${i.name}`}>
            {i.name} · {i.daemon.name}
            {i.project !== 'default' ? ` / ${i.project}` : ''} ({i.status})
          </option>
        ))}
      </SelectField>
      <SelectField label="Snapshot" value={snapshot} onChange={(e) => setSnapshot(e.target.value)} hint="A running instance can only be published through a snapshot.">
        <option value="">None — the instance itself</option>
        {snapshots.data?.map((s) => (
          <option key={s.name} value={s.name}>
            {s.name}
          </option>
        ))}
      </SelectField>
      {chosen && !snapshot && chosen.status === 'Running' && (
        <Alert kind="warning">{chosen.name} is running: the daemon will refuse. Stop it first, or choose a snapshot.</Alert>
      )}
    </ActionDialog>
  );
}
