'use client';
import type { DaemonView } from '@/lib/api-types';
import { SelectField } from '../ui/field';

/** "gamma (Incus 6.0)": a daemon with its kind and version, where the choice depends on them. */
export const daemonWithVersion = (d: DaemonView) => `${d.name} (${d.kind === 'incus' ? 'Incus' : 'LXD'} ${d.version})`;

/**
 * The daemon picker of every form and filter: the given daemons by name (or `text`), an `all`
 * first choice for no daemon in particular, and those `disabled` says (or, with `offline`, those
 * not online, with their status) listed but not choosable.
 */
export function DaemonSelect<D extends { id: string; name: string; status?: string }>({
  daemons,
  value,
  onChange,
  label = 'Daemon',
  all,
  text = (d) => d.name,
  disabled,
  offline = false,
  hint,
  className,
}: {
  daemons: readonly D[] | undefined;
  value: string;
  onChange: (daemonId: string) => void;
  label?: string;
  all?: string;
  text?: (daemon: D) => string;
  disabled?: (daemon: D) => boolean;
  offline?: boolean;
  hint?: string;
  className?: string;
}) {
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)} hint={hint} className={className}>
      {all !== undefined && <option value="">{all}</option>}
      {daemons?.map((d) => (
        <option key={d.id} value={d.id} disabled={disabled?.(d) || (offline && d.status !== 'online')}>
          {text(d)}
          {offline && d.status !== 'online' ? ` — ${d.status}` : ''}
        </option>
      ))}
    </SelectField>
  );
}
