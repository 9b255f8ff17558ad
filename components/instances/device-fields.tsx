'use client';
import { Button } from '../ui/button';
import { SelectField, TextField, Options } from '../ui/field';
import { DEVICE_FIELDS, type DeviceContext, type DeviceDraft } from './devices-model';

/** The fields of one disk, NIC or proxy device; pools and networks are picked from what the daemon has. */
export function DeviceFields({
  device,
  ctx,
  onChange,
  onRemove,
  disabled,
  lockName,
}: {
  device: DeviceDraft;
  ctx: DeviceContext;
  onChange: (next: DeviceDraft) => void;
  onRemove?: () => void;
  disabled?: boolean;
  /** Editing an existing device: its name is its identity. */
  lockName?: boolean;
}) {
  const set = (key: string, value: string) => onChange({ ...device, values: { ...device.values, [key]: value } });
  return (
    <fieldset
      className="grid grid-cols-2 gap-2 rounded-md border border-zinc-200 p-2 dark:border-zinc-800"
      aria-label={`Device ${device.name}`}
      disabled={disabled}
    >
      <div className="col-span-2 flex items-end gap-2">
        <TextField label={`Name (${device.type})`} value={device.name} readOnly={lockName} onChange={(e) => onChange({ ...device, name: e.target.value })} className="flex-1" spellCheck={false} />
        {onRemove && (
          <Button size="sm" onClick={onRemove}>
            Remove {device.name}
          </Button>
        )}
      </div>
      {DEVICE_FIELDS[device.type].map((field) =>
        field.key === 'pool' || field.key === 'network' ? (
          <SelectField key={field.key} label={field.label} value={device.values[field.key] ?? ''} onChange={(e) => set(field.key, e.target.value)}>
            <option value="">{field.key === 'pool' ? '(none: host path)' : 'Choose…'}</option>
            <Options values={field.key === 'pool' ? ctx.pools : ctx.networks.map((n) => n.name)} />
            {device.values[field.key] && !(field.key === 'pool' ? ctx.pools : ctx.networks.map((n) => n.name)).includes(device.values[field.key]) && (
              <option value={device.values[field.key]}>{device.values[field.key]} (missing)</option>
            )}
          </SelectField>
        ) : (
          <TextField
            key={field.key}
            label={field.label}
            value={device.values[field.key] ?? ''}
            placeholder={field.placeholder}
            onChange={(e) => set(field.key, e.target.value)}
            spellCheck={false}
            autoComplete="off"
          />
        ),
      )}
    </fieldset>
  );
}
