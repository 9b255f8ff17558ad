'use client';
import { useState } from 'react';
import { Button } from '../ui/button';
import { cx } from '../ui/cx';
import { inputClass, Options } from '../ui/field';
import { SearchIcon, XIcon } from '../ui/icons';
import type { FleetView } from './fleet-view';

const STATUSES = ['Running', 'Stopped', 'Frozen', 'Error'];

/** Search and the daemon / project / status filters of the fleet page. */
export function FleetToolbar({
  view,
  onChange,
  daemons,
  projects,
  locations,
  shown,
  total,
}: {
  view: FleetView;
  onChange: (patch: Partial<FleetView>, mode?: 'push' | 'replace') => void;
  daemons: string[];
  projects: string[];
  /** Cluster members that run instances; the filter shows only when there are any. */
  locations: string[];
  shown: number;
  /** null while the list is loading: "0 instances" would be a false statement. */
  total: number | null;
}) {
  // The box is edited locally and mirrored to the URL; a change of the URL (back button) wins.
  const [q, setQ] = useState(view.q);
  const [urlQ, setUrlQ] = useState(view.q);
  if (view.q !== urlQ) {
    setUrlQ(view.q);
    setQ(view.q);
  }
  const filtered = Boolean(view.q || view.daemon || view.project || view.status || view.location);

  return (
    <div className="flex flex-wrap items-end gap-2">
      <div className="relative w-full max-w-xs">
        <label htmlFor="fleet-search" className="sr-only">
          Search instances
        </label>
        <SearchIcon className="pointer-events-none absolute top-2 left-2.5 text-zinc-400" />
        <input
          id="fleet-search"
          type="search"
          placeholder="Search name, image, address…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setUrlQ(e.target.value);
            onChange({ q: e.target.value }, 'replace');
          }}
          className={cx(inputClass, 'pl-8')}
        />
      </div>
      <FilterSelect label="Daemon" value={view.daemon} options={daemons} onChange={(daemon) => onChange({ daemon })} />
      <FilterSelect label="Project" value={view.project} options={projects} onChange={(project) => onChange({ project })} />
      <FilterSelect label="Status" value={view.status} options={STATUSES} onChange={(status) => onChange({ status })} />
      {(locations.length > 0 || view.location) && (
        <FilterSelect label="Member" value={view.location} options={locations} onChange={(location) => onChange({ location })} />
      )}
      {filtered && (
        <Button variant="ghost" size="md" icon={<XIcon size={14} />} onClick={() => onChange({ q: '', daemon: '', project: '', status: '', location: '' })}>
          Clear filters
        </Button>
      )}
      <p className="ml-auto self-center text-xs text-zinc-500 tabular-nums dark:text-zinc-400" aria-live="polite">
        {total === null ? 'Loading instances…' : shown === total ? `${total} instances` : `${shown} of ${total} instances`}
      </p>
    </div>
  );
}

function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: string[];
  onChange: (value: string) => void;
}) {
  const all = value && !options.includes(value) ? [...options, value] : options;
  return (
    <label className="flex items-center gap-1.5 text-xs font-medium text-zinc-600 dark:text-zinc-400">
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} className={cx(inputClass, 'w-auto min-w-28 pr-8 font-normal')}>
        <option value="">All</option>
        <Options values={all} />
      </select>
    </label>
  );
}
