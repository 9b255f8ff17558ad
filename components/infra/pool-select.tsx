'use client';
import type { FleetPool } from '@/lib/api-types';
import { SelectField } from '../ui/field';

/** One pool across the fleet (a cluster lists one per member): daemon, name and member. */
export const poolKey = (p: FleetPool) => `${p.daemon.id}|${p.name}|${p.location ?? ''}`;

/** Picks one of the fleet's pools, shown as "daemon · pool · member (driver)"; the value is its `poolKey`. */
export function PoolSelect({ pools, value, onChange, label = 'Pool' }: { pools: FleetPool[]; value: string; onChange: (key: string) => void; label?: string }) {
  return (
    <SelectField label={label} value={value} onChange={(e) => onChange(e.target.value)}>
      {pools.map((p) => (
        <option key={poolKey(p)} value={poolKey(p)}>
          {p.daemon.name} · {p.name}
          {p.location ? ` · ${p.location}` : ''} ({p.driver})
        </option>
      ))}
    </SelectField>
  );
}
