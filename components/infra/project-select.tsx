'use client';
import { useMemo } from 'react';
import { useProjects } from '@/lib/api/instances';
import { useFleetProjects } from '@/lib/api/projects';
import { SelectField, Options } from '../ui/field';

/**
 * The project picker: the projects the daemon has (or, with no daemon, every project any daemon
 * has), so nobody types a project name that is not there. The current value stays listed while
 * the list loads.
 */
export function ProjectSelect({
  daemonId,
  value,
  onChange,
  label = 'Project',
  className,
}: {
  daemonId: string | undefined;
  value: string;
  onChange: (project: string) => void;
  label?: string;
  className?: string;
}) {
  const one = useProjects(daemonId);
  const all = useFleetProjects({ enabled: !daemonId });
  const names = useMemo(() => {
    const listed = daemonId ? (one.data ?? []).map((p) => p.name) : (all.data?.projects ?? []).map((p) => p.name);
    return [...new Set([...listed, value || 'default'])].sort();
  }, [daemonId, one.data, all.data, value]);
  return (
    <SelectField label={label} value={value || 'default'} onChange={(e) => onChange(e.target.value)} className={className}>
      <Options values={names} />
    </SelectField>
  );
}
