'use client';
import { useState } from 'react';
import type { DaemonKind, LimitSpec } from '@/lib/limits';
import { cx } from '../ui/cx';
import { inputClass } from '../ui/field';
import { splitAmount, UNITS } from './drafts';

interface LimitInputProps {
  spec: LimitSpec;
  kind: DaemonKind | undefined;
  /** The value shown: the draft, else the instance's own value, else ''. */
  value: string;
  /** Shown greyed when the field is empty: what the instance would inherit. */
  placeholder?: string;
  invalid: boolean;
  describedBy?: string;
  disabled?: boolean;
  onChange(value: string): void;
}

const BOOLEANS = ['true', 'false'];

/**
 * One limit's input, in the form the daemon takes: an amount and a unit for sizes and rates, a
 * select for fixed choices, text otherwise. The label is the spec's label (visible elsewhere in
 * the row); the unit select is labelled "<label> unit".
 */
export function LimitInput({ spec, kind, value, placeholder, invalid, describedBy, disabled, onChange }: LimitInputProps) {
  const common = {
    'aria-invalid': invalid || undefined,
    'aria-describedby': describedBy,
    disabled,
  };
  const choices = spec.choices ?? (spec.name === 'memorySwap' && kind !== 'incus' ? BOOLEANS : undefined);
  if (choices) {
    return (
      <select aria-label={spec.label} className={cx(inputClass, 'pr-8')} value={value} onChange={(e) => onChange(e.target.value)} {...common}>
        <option value="">{placeholder ? `inherit (${placeholder})` : 'not set'}</option>
        {choices.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
        {value && !choices.includes(value) && <option value={value}>{value}</option>}
      </select>
    );
  }
  if ((spec.input === 'sizeOrPercent' || spec.input === 'rate') && (value === '' || splitAmount(value))) {
    return <AmountInput spec={spec} units={UNITS[spec.input]} value={value} placeholder={placeholder} onChange={onChange} common={common} />;
  }
  return (
    <input
      aria-label={spec.label}
      inputMode={spec.input === 'integer' ? 'numeric' : undefined}
      className={inputClass}
      value={value}
      placeholder={placeholder}
      onChange={(e) => onChange(e.target.value.trim())}
      {...common}
    />
  );
}

/** An amount and its unit; the unit is remembered while the amount is empty. */
function AmountInput({
  spec,
  units,
  value,
  placeholder,
  onChange,
  common,
}: {
  spec: LimitSpec;
  units: { value: string; label: string }[];
  value: string;
  placeholder?: string;
  onChange(value: string): void;
  common: { 'aria-invalid'?: boolean; 'aria-describedby'?: string; disabled?: boolean };
}) {
  const split = splitAmount(value);
  const [chosenUnit, setChosenUnit] = useState(splitAmount(placeholder)?.unit ?? units[0].value);
  const unit = split ? split.unit : chosenUnit;
  const known = units.some((u) => u.value === unit);
  return (
    <div className="flex gap-1.5">
      <div className="min-w-0 flex-1">
        <input
          aria-label={spec.label}
          inputMode="numeric"
          className={inputClass}
          value={split?.amount ?? ''}
          placeholder={splitAmount(placeholder)?.amount ?? placeholder}
          onChange={(e) => onChange(e.target.value === '' ? '' : `${e.target.value}${unit}`)}
          {...common}
        />
      </div>
      <div className="w-28 shrink-0">
        <select
          aria-label={`${spec.label} unit`}
          className={cx(inputClass, 'pr-7')}
          value={unit}
          disabled={common.disabled}
          onChange={(e) => {
            setChosenUnit(e.target.value);
            if (split) onChange(`${split.amount}${e.target.value}`);
          }}
        >
          {units.map((u) => (
            <option key={u.value} value={u.value}>
              {u.label}
            </option>
          ))}
          {!known && <option value={unit}>{unit}</option>}
        </select>
      </div>
    </div>
  );
}
