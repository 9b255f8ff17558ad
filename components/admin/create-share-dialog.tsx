'use client';
import { useMemo, useState } from 'react';
import { useDaemons } from '@/lib/api/daemons';
import { useFleet } from '@/lib/api/instances';
import { createShare, type CreatedShare, type ShareInstanceRef, type ShareScope } from '@/lib/api/shares';
import { errorMessage } from '@/lib/format';
import { instanceKey } from '@/lib/live';
import { shareKeys } from '@/lib/query-keys';
import { ActionDialog } from '../ui/action-dialog';
import { Alert } from '../ui/alert';
import { cx } from '../ui/cx';
import { inputClass, SelectField, TextField } from '../ui/field';
import { ProjectSelect } from '../infra/project-select';
import { Loading } from '../ui/query-state';
import { DaemonSelect } from '../daemons/daemon-select';

type Kind = 'daemon' | 'project' | 'instances';

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'daemon', label: 'A daemon' },
  { kind: 'project', label: 'A project' },
  { kind: 'instances', label: 'Some instances' },
];

const EXPIRY_DAYS = [1, 7, 30, 90, 365] as const;
const refKey = (r: ShareInstanceRef) => instanceKey(r.daemon, r.project, r.name);

export function CreateShareDialog({ onCreated, onClose }: { onCreated: (share: CreatedShare) => void; onClose: () => void }) {
  const daemons = useDaemons();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<Kind>('daemon');
  const [daemon, setDaemon] = useState('');
  const [project, setProject] = useState('default');
  const [picked, setPicked] = useState<ShareInstanceRef[]>([]);
  const [days, setDays] = useState(30);

  const firstDaemon = daemons.data?.[0]?.id ?? '';
  const chosenDaemon = daemon || (kind === 'daemon' ? firstDaemon : '');
  const scope: ShareScope | null =
    kind === 'instances'
      ? picked.length > 0 ? { instances: picked } : null
      : kind === 'daemon'
        ? chosenDaemon ? { daemon: chosenDaemon } : null
        : project.trim() ? { project: project.trim(), ...(daemon ? { daemon } : {}) } : null;
  const missing = !name.trim()
    ? 'Enter a name'
    : !scope
      ? kind === 'instances' ? 'Pick at least one instance' : kind === 'daemon' ? 'Choose a daemon' : 'Enter a project'
      : null;

  return (
    <ActionDialog
      title="New share link"
      description="Read-only, no login: anyone with the link sees what it shows."
      size="lg"
      confirmLabel="Create link"
      missing={missing}
      invalidates={[shareKeys.list()]}
      onConfirm={async () => {
        const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
        onCreated(await createShare({ name: name.trim(), scope: scope!, expiresAt }));
      }}
      onClose={onClose}
    >
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus required placeholder="e.g. Ops wall screen" />
      <fieldset>
        <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">What it shows</legend>
        <div className="inline-flex rounded-md bg-zinc-100 p-0.5 dark:bg-zinc-800">
          {KINDS.map((k) => (
            <label
              key={k.kind}
              className={cx(
                'cursor-pointer rounded px-3 py-1 text-xs font-medium has-focus-visible:ring-2 has-focus-visible:ring-indigo-500',
                kind === k.kind
                  ? 'bg-white text-zinc-900 shadow-xs dark:bg-zinc-700 dark:text-zinc-100'
                  : 'text-zinc-500 hover:text-zinc-800 dark:text-zinc-400',
              )}
            >
              <input
                type="radio"
                name="scope-kind"
                value={k.kind}
                checked={kind === k.kind}
                onChange={() => {
                  setKind(k.kind);
                  setDaemon('');
                }}
                className="sr-only"
              />
              {k.label}
            </label>
          ))}
        </div>
      </fieldset>
      {kind !== 'instances' && (
        <div className="grid grid-cols-2 gap-3">
          <DaemonSelect daemons={daemons.data} value={chosenDaemon} onChange={setDaemon} all={kind === 'project' ? 'Every daemon' : undefined} />
          {kind === 'project' && (
            <ProjectSelect daemonId={chosenDaemon || undefined} value={project} onChange={setProject} />
          )}
        </div>
      )}
      {kind === 'instances' && <InstancePicker picked={picked} onChange={setPicked} />}
      <SelectField label="Expires after" value={days} onChange={(e) => setDays(Number(e.target.value))} className="w-40">
        {EXPIRY_DAYS.map((d) => (
          <option key={d} value={d}>
            {d === 1 ? '1 day' : d === 365 ? '1 year' : `${d} days`}
          </option>
        ))}
      </SelectField>
    </ActionDialog>
  );
}

function InstancePicker({ picked, onChange }: { picked: ShareInstanceRef[]; onChange: (refs: ShareInstanceRef[]) => void }) {
  const fleet = useFleet();
  const [filter, setFilter] = useState('');
  const chosen = useMemo(() => new Set(picked.map(refKey)), [picked]);
  const q = filter.trim().toLowerCase();
  const shown = (fleet.data?.instances ?? []).filter(
    (i) => !q || i.name.toLowerCase().includes(q) || i.daemon.name.toLowerCase().includes(q) || i.project.toLowerCase().includes(q),
  );

  const toggle = (ref: ShareInstanceRef) =>
    onChange(chosen.has(refKey(ref)) ? picked.filter((p) => refKey(p) !== refKey(ref)) : [...picked, ref]);

  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300">
        Instances <span className="font-normal text-zinc-500">({picked.length} picked)</span>
      </legend>
      <input
        aria-label="Filter instances"
        className={inputClass}
        placeholder="Filter by name, daemon or project"
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <div className="max-h-56 overflow-y-auto rounded-md ring-1 ring-zinc-200 dark:ring-zinc-800">
        {fleet.isPending ? (
          <Loading what="instances" className="p-3" />
        ) : fleet.error ? (
          <Alert kind="error" className="m-2">
            {errorMessage(fleet.error)}
          </Alert>
        ) : shown.length === 0 ? (
          <p className="p-3 text-[13px] text-zinc-500">No instances match.</p>
        ) : (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {shown.map((i) => {
              const ref = { daemon: i.daemon.id, project: i.project, name: i.name };
              return (
                <li key={refKey(ref)}>
                  <label className="flex cursor-pointer items-center gap-2 px-3 py-1.5 text-[13px] hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    <input type="checkbox" className="size-3.5 accent-indigo-600" checked={chosen.has(refKey(ref))} onChange={() => toggle(ref)} />
                    <span className="font-medium">{i.name}</span>
                    <span className="text-xs text-zinc-500">
                      {i.daemon.name} · {i.project}
                    </span>
                  </label>
                </li>
              );
            })}
          </ul>
        )}
      </div>
    </fieldset>
  );
}
