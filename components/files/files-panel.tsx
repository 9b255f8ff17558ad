'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { deletePath, downloadUrl, makeDirectory, readText, uploadFile, useFileListing, type FileUploadProgress } from '@/lib/api/files';
import type { InstanceRef } from '@/lib/api/instances';
import { joinPath, modeString, parentPath, parseMode, TEXT_EDIT_LIMIT, type FileEntry } from '@/lib/files';
import { errorMessage } from '@/lib/format';
import { formatBytes } from '@/lib/units';
import { ActionDialog, ConfirmDialog } from '@/components/ui/action-dialog';
import { RootPasswordDialog, SshKeyDialog } from './access-dialogs';
import { useAction } from '@/components/ui/use-action';
import { Alert } from '../ui/alert';
import { Button, buttonClasses } from '../ui/button';
import { DataTable, TimeCell } from '../ui/data-table';
import { Dialog, DialogBody, DialogFooter } from '../ui/dialog';
import { inputClass, TextField } from '../ui/field';
import { PencilIcon, PlusIcon, TrashIcon } from '../ui/icons';
import { fileKeys } from '@/lib/query-keys';
import { Loading } from '../ui/query-state';

/** The Files tab: browse, download, upload, make directories, delete, view and edit small text files. */
export default function FilesPanel({ daemonId, project, instance }: { daemonId: string; project: string; instance: string }) {
  const ref: InstanceRef = { daemonId, project, name: instance };
  const [path, setPath] = useState('/root');
  const [typed, setTyped] = useState(path);
  const listing = useFileListing(ref, path);
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: fileKeys.listing(ref, path) });
  const [upload, setUpload] = useState<{ name: string; progress: FileUploadProgress } | null>(null);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const [newDir, setNewDir] = useState(false);
  const [editing, setEditing] = useState<FileEntry | null>(null);
  const [deleting, setDeleting] = useState<FileEntry | null>(null);
  const [access, setAccess] = useState<'password' | 'key' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const abort = useRef<AbortController | null>(null);

  const go = (next: string) => {
    setPath(next);
    setTyped(next);
  };
  const submitPath = (event: FormEvent) => {
    event.preventDefault();
    go(typed.trim() || '/');
  };

  const startUpload = async (file: File) => {
    setUploadError(null);
    abort.current = new AbortController();
    setUpload({ name: file.name, progress: { loaded: 0, total: file.size } });
    try {
      await uploadFile(ref, joinPath(path, file.name), file, {}, (progress) => setUpload({ name: file.name, progress }), abort.current.signal);
      await refresh();
    } catch (error) {
      setUploadError(`${file.name}: ${errorMessage(error)}`);
    } finally {
      setUpload(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const data = listing.data;
  const isDirectory = data?.type === 'directory';
  return (
    <div className="space-y-3 p-4" data-testid="files-panel">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" onClick={() => go(parentPath(path))} disabled={path === '/'} aria-label="Parent directory">
          ↑ Up
        </Button>
        <form onSubmit={submitPath} className="flex min-w-64 flex-1 gap-2">
          <input aria-label="Path" value={typed} onChange={(e) => setTyped(e.target.value)} className={`${inputClass} font-mono`} />
          <Button size="sm" type="submit">
            Go
          </Button>
        </form>
        <Button size="sm" onClick={() => void refresh()}>
          Refresh
        </Button>
        <Button size="sm" icon={<PlusIcon size={14} />} onClick={() => setNewDir(true)} disabled={!isDirectory}>
          New folder
        </Button>
        <Button size="sm" onClick={() => setAccess('password')}>
          Root password…
        </Button>
        <Button size="sm" onClick={() => setAccess('key')}>
          Add SSH key…
        </Button>
        <label className={buttonClasses('primary', 'sm') + (isDirectory && !upload ? ' cursor-pointer' : ' pointer-events-none opacity-50')}>
          Upload…
          <input
            ref={fileInput}
            type="file"
            className="sr-only"
            aria-label="Upload a file"
            disabled={!isDirectory || !!upload}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) void startUpload(file);
            }}
          />
        </label>
      </div>

      {upload && (
        <div className="flex items-center gap-3 text-xs text-zinc-600 dark:text-zinc-400">
          <progress
            className="h-2 w-48"
            aria-label={`Uploading ${upload.name}`}
            max={upload.progress.total || 1}
            value={upload.progress.loaded}
          />
          <span data-testid="file-upload-progress">
            {upload.name}: {formatBytes(upload.progress.loaded)} of {formatBytes(upload.progress.total)}
            {upload.progress.loaded >= upload.progress.total ? ' — moving into place…' : ''}
          </span>
          <Button size="xs" variant="ghost" onClick={() => abort.current?.abort()}>
            Cancel
          </Button>
        </div>
      )}
      {uploadError && <Alert kind="error" title="The upload failed">{uploadError}</Alert>}

      {listing.isPending ? (
        <Loading what={path} className="" />
      ) : listing.error ? (
        <Alert kind="error" title={`${path} could not be opened`}>
          {errorMessage(listing.error)}
        </Alert>
      ) : data && !isDirectory ? (
        <Alert kind="info" title={`${path} is a ${data.type}`}>
          Owner {data.uid}:{data.gid}, mode {modeString(data)}.{' '}
          <a className="underline" href={downloadUrl(ref, path)} download>
            Download
          </a>
        </Alert>
      ) : data?.entries && data.entries.length === 0 ? (
        <p className="text-[13px] text-zinc-500">{path} is empty.</p>
      ) : (
        <DataTable columns={['Name', 'Owner', 'Mode', 'Modified', { label: 'Actions', srOnly: true }]} aria-label={`Files in ${path}`}>
          {data?.entries?.map((entry) => {
            const full = joinPath(path, entry.name);
            return (
              <tr key={entry.name} data-testid="file-row">
                <td className="px-4 py-2 font-mono">
                  {entry.type === 'directory' ? (
                    <button type="button" className="text-indigo-700 hover:underline dark:text-indigo-400" onClick={() => go(full)}>
                      {entry.name}/
                    </button>
                  ) : entry.type === 'symlink' ? (
                    <button type="button" className="hover:underline" onClick={() => go(full)} title="Follow the link (inside the instance)">
                      {entry.name} →
                    </button>
                  ) : (
                    entry.name
                  )}
                </td>
                <td className="px-3 py-2 font-mono text-zinc-600 dark:text-zinc-400">
                  {entry.uid}:{entry.gid}
                </td>
                <td className="px-3 py-2 font-mono text-zinc-600 dark:text-zinc-400" title={entry.mode}>
                  {modeString(entry)}
                </td>
                <TimeCell at={entry.modified ? new Date(entry.modified.replace(/ \+0000 UTC$/, 'Z').replace(' ', 'T')).toISOString() : null} never="—" />
                <td className="px-3 py-2 text-right whitespace-nowrap">
                  {entry.type === 'file' && (
                    <>
                      <a className={buttonClasses('ghost', 'xs')} href={downloadUrl(ref, full)} download={entry.name} aria-label={`Download ${entry.name}`}>
                        Download
                      </a>
                      <Button size="xs" variant="ghost" icon={<PencilIcon size={12} />} aria-label={`Edit ${entry.name}`} onClick={() => setEditing(entry)}>
                        Edit
                      </Button>
                    </>
                  )}
                  <Button size="xs" variant="ghost" icon={<TrashIcon size={12} />} aria-label={`Delete ${entry.name}`} onClick={() => setDeleting(entry)}>
                    Delete
                  </Button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}

      {access === 'password' && <RootPasswordDialog instance={ref} onClose={() => setAccess(null)} />}
      {access === 'key' && (
        <SshKeyDialog
          instance={ref}
          onClose={() => {
            setAccess(null);
            void refresh();
          }}
        />
      )}
      {newDir && <NewDirectoryDialog instance={ref} dir={path} onClose={() => setNewDir(false)} onDone={refresh} />}
      {editing && <EditFileDialog instance={ref} path={joinPath(path, editing.name)} entry={editing} onClose={() => setEditing(null)} onDone={refresh} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          danger
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await deletePath(ref, joinPath(path, deleting.name));
            await refresh();
          }}
        >
          {joinPath(path, deleting.name)} will be removed from {instance}
          {deleting.type === 'directory' ? ' (the daemon removes only empty directories)' : ''}. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}

function NewDirectoryDialog({ instance, dir, onClose, onDone }: { instance: InstanceRef; dir: string; onClose: () => void; onDone: () => Promise<void> }) {
  const [name, setName] = useState('');
  const [mode, setMode] = useState('0755');
  const modeError = parseMode(mode) ? null : 'octal permissions, e.g. 0755';
  const nameError = name && (name.includes('/') || name === '.' || name === '..') ? 'one name, without /' : null;
  return (
    <ActionDialog
      title={`New folder in ${dir}`}
      size="sm"
      confirmLabel="Create"
      missing={!name ? 'Enter a name' : (nameError ?? modeError)}
      onConfirm={() => makeDirectory(instance, joinPath(dir, name), { mode: parseMode(mode)! })}
      onDone={onDone}
      onClose={onClose}
    >
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} error={nameError} autoFocus required />
      <TextField label="Mode" value={mode} onChange={(e) => setMode(e.target.value)} error={modeError} className="font-mono" />
    </ActionDialog>
  );
}

function EditFileDialog({
  instance,
  path,
  entry,
  onClose,
  onDone,
}: {
  instance: InstanceRef;
  path: string;
  entry: FileEntry;
  onClose: () => void;
  onDone: () => Promise<void>;
}) {
  const [text, setText] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [mode, setMode] = useState(entry.mode);
  const [uid, setUid] = useState(String(entry.uid));
  const [gid, setGid] = useState(String(entry.gid));
  const { busy, error, run } = useAction();
  useEffect(() => {
    let live = true;
    readText(instance, path).then(
      (content) => {
        if (!live) return;
        if (content.length > TEXT_EDIT_LIMIT) setLoadError(`${path} is larger than ${formatBytes(TEXT_EDIT_LIMIT)}; download it instead.`);
        else if (content.includes('\u0000')) setLoadError(`${path} is not a text file; download it instead.`);
        else setText(content);
      },
      (e: unknown) => live && setLoadError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
    // Loaded once per dialog: the dialog is mounted for one file.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const modeError = parseMode(mode) ? null : 'octal permissions, e.g. 0644';
  const idError = (v: string) => (/^\d+$/.test(v) ? null : 'a number');
  const save = () =>
    void run(async () => {
      await uploadFile(instance, path, new Blob([text ?? '']), { mode: parseMode(mode)!, uid: Number(uid), gid: Number(gid) });
      await onDone();
    }).then((ok) => ok && onClose());

  return (
    <Dialog title={path} onClose={onClose} busy={busy} size="lg">
      <DialogBody>
        {loadError ? (
          <Alert kind="error">{loadError}</Alert>
        ) : text === null ? (
          <Loading className="" />
        ) : (
          <textarea
            aria-label={`Contents of ${path}`}
            value={text}
            onChange={(e) => setText(e.target.value)}
            spellCheck={false}
            className={`${inputClass} h-80 py-2 font-mono text-xs`}
          />
        )}
        <div className="grid grid-cols-3 gap-3">
          <TextField label="Mode" value={mode} onChange={(e) => setMode(e.target.value)} error={modeError} />
          <TextField label="Owner uid" value={uid} onChange={(e) => setUid(e.target.value)} error={idError(uid)} />
          <TextField label="Group gid" value={gid} onChange={(e) => setGid(e.target.value)} error={idError(gid)} />
        </div>
        {error && <Alert kind="error">{error}</Alert>}
      </DialogBody>
      <DialogFooter status="Saved under a temporary name first, then moved into place.">
        <Button onClick={onClose} disabled={busy}>
          Cancel
        </Button>
        <Button variant="primary" busy={busy} onClick={save} disabled={text === null || !!modeError || !!idError(uid) || !!idError(gid)}>
          Save
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
