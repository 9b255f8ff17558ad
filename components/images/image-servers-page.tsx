'use client';
import { useState, type ReactNode } from 'react';
import type { ImageServerView } from '@/lib/api-types';
import { useDaemons } from '@/lib/api/daemons';
import { createImageServer, deleteImageServer, useImageServerImages, useImageServers, type ImageServerInput } from '@/lib/api/image-servers';
import { useMe } from '@/lib/api/me';
import { errorMessage, shortFingerprint } from '@/lib/format';
import { imageServerKeys } from '@/lib/query-keys';
import { can } from '@/lib/roles';
import { formatBytes } from '@/lib/units';
import { ActionDialog, ConfirmDialog } from '../ui/action-dialog';
import { serverImageChoices } from '../instances/create-instance-model';
import { CreateInstanceDialog } from '../instances/create-instance-dialog';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { DataTable } from '../ui/data-table';
import { inputClass, SelectField, TextField } from '../ui/field';
import { PageHeader } from '../ui/page-header';
import { Spinner } from '../ui/spinner';
import { DaemonSelect } from '../daemons/daemon-select';

/** `/image-servers`: registered image servers, what each offers, and launching from one (docs/api.md, "Image servers"). */
export function ImageServersPage() {
  const me = useMe();
  const admin = can(me.data?.role, 'manageImages');
  const servers = useImageServers();
  const daemons = useDaemons();
  const [selected, setSelected] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<ImageServerView | null>(null);
  const [launch, setLaunch] = useState<{ server: string; image: string } | null>(null);
  const server = servers.data?.find((s) => s.id === selected) ?? servers.data?.[0];
  const images = useImageServerImages(server?.id);

  return (
    <div className="space-y-4">
      <PageHeader
        title="Image servers"
        subtitle="Where daemons pull images from: LXD-protocol and simplestreams servers, and registered daemons' public images."
        actions={
          <Button variant="primary" onClick={() => setAdding(true)} disabledReason={admin ? null : 'Only admins can register image servers'}>
            Register image server
          </Button>
        }
      />
      {servers.error && <Alert kind="error">{errorMessage(servers.error)}</Alert>}
      <Card>
        <DataTable columns={['Name', 'URL', 'Protocol', { label: 'Actions', srOnly: true }]} aria-label="Image servers">
          {servers.isPending && <MessageRow colSpan={4}><Spinner /> Loading…</MessageRow>}
          {servers.data?.length === 0 && <MessageRow colSpan={4}>No image server is registered.</MessageRow>}
          {servers.data?.map((s) => (
            <tr key={s.id} data-server={s.name} aria-selected={s.id === server?.id}>
              <td className="px-4 py-1.5 font-medium">{s.name}</td>
              <td className="px-3 font-mono text-xs">{s.url}</td>
              <td className="px-3">{s.daemon ? `${s.protocol} (registered daemon)` : s.protocol}</td>
              <td className="space-x-1 whitespace-nowrap px-3 text-right">
                <Button size="sm" onClick={() => setSelected(s.id)}>
                  Browse {s.name}
                </Button>
                {admin && (
                  <Button size="sm" variant="danger" onClick={() => setRemoving(s)}>
                    Remove {s.name}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      </Card>
      {server && (
        <Card>
          <h2 className="px-3 pt-3 pb-2 text-sm font-semibold">Images on {server.name}</h2>
          {images.error && <Alert kind="error">{errorMessage(images.error)}</Alert>}
          <DataTable columns={['Alias', 'OS', 'Release', 'Architecture', 'Type', 'Size', { label: 'Actions', srOnly: true }]} aria-label={`Images on ${server.name}`}>
            {images.isPending && (
              <MessageRow colSpan={7}>
                <Spinner /> Asking {server.name}…
              </MessageRow>
            )}
            {images.data?.map((image, i) => {
              const label = image.aliases[0] ?? shortFingerprint(image.fingerprint);
              return (
                <tr key={`${image.fingerprint}-${image.type}-${i}`}>
                  <td className="px-4 py-1.5 font-medium">{image.aliases.join(', ') || shortFingerprint(image.fingerprint)}</td>
                  <td className="px-3">{image.os}</td>
                  <td className="px-3">{image.release}</td>
                  <td className="px-3">{image.architecture}</td>
                  <td className="px-3">{image.type === 'virtual-machine' ? 'VM' : 'container'}</td>
                  <td className="px-3">{formatBytes(image.size)}</td>
                  <td className="px-3 text-right">
                    <Button
                      size="sm"
                      disabledReason={can(me.data?.role, 'manageInstances') ? null : 'Only admins can create instances'}
                      onClick={() => setLaunch({ server: server.id, image: serverImageChoices([image])[0].value })}
                    >
                      Launch {label}
                    </Button>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </Card>
      )}
      {adding && <RegisterDialog daemons={daemons.data ?? []} onClose={() => setAdding(false)} />}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.name}?`}
          confirmLabel={`Remove ${removing.name}`}
          danger
          invalidates={[imageServerKeys.all]}
          onConfirm={() => deleteImageServer(removing.id)}
          onClose={() => setRemoving(null)}
        >
          Hangar forgets {removing.url}; images already pulled from it stay on the daemons.
        </ConfirmDialog>
      )}
      {launch && daemons.data && (
        <CreateInstanceDialog daemons={daemons.data} defaultSource={launch.server} defaultImage={launch.image} onClose={() => setLaunch(null)} />
      )}
    </div>
  );
}

function RegisterDialog({ daemons, onClose }: { daemons: { id: string; name: string; url: string }[]; onClose: () => void }) {
  const [kind, setKind] = useState<'daemon' | 'url'>('daemon');
  const [daemon, setDaemon] = useState(daemons.find((d) => d.url.startsWith('https://'))?.id ?? '');
  const [name, setName] = useState('');
  const [url, setUrl] = useState('https://');
  const [protocol, setProtocol] = useState<'lxd' | 'simplestreams'>('simplestreams');
  const [certificate, setCertificate] = useState('');

  return (
    <ActionDialog
      title="Register image server"
      confirmLabel="Register"
      invalidates={[imageServerKeys.all]}
      onConfirm={async () => {
        const input: ImageServerInput =
          kind === 'daemon'
            ? { daemon, ...(name.trim() ? { name: name.trim() } : {}) }
            : { name: name.trim(), url: url.trim(), protocol, ...(certificate.trim() ? { certificate: certificate.trim() } : {}) };
        await createImageServer(input);
      }}
      onClose={onClose}
    >
      <SelectField label="Kind" value={kind} onChange={(e) => setKind(e.target.value as 'daemon' | 'url')}>
        <option value="daemon">A registered daemon&apos;s public images</option>
        <option value="url">A server by URL</option>
      </SelectField>
      {kind === 'daemon' ? (
        <DaemonSelect daemons={daemons} value={daemon} onChange={setDaemon} disabled={(d) => !d.url.startsWith('https://')} hint="Daemons reached over a unix socket cannot serve others." />
      ) : (
        <>
          <TextField label="URL" value={url} onChange={(e) => setUrl(e.target.value)} spellCheck={false} required />
          <SelectField label="Protocol" value={protocol} onChange={(e) => setProtocol(e.target.value as 'lxd' | 'simplestreams')}>
            <option value="simplestreams">simplestreams</option>
            <option value="lxd">LXD REST</option>
          </SelectField>
          <label className="block space-y-1">
            <span className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">Server certificate (PEM, for a self-signed server)</span>
            <textarea className={`${inputClass} h-24 py-1.5 font-mono text-xs`} value={certificate} onChange={(e) => setCertificate(e.target.value)} spellCheck={false} />
          </label>
        </>
      )}
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} hint={kind === 'daemon' ? "Optional: the daemon's name by default." : undefined} required={kind === 'url'} />
    </ActionDialog>
  );
}

function MessageRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td className="px-4 py-2 text-zinc-500" colSpan={colSpan}>
        {children}
      </td>
    </tr>
  );
}
