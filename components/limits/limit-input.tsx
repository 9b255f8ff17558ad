'use client';
import { useState } from 'react';
import type { DaemonKind, LimitSpec } from '@/lib/limits';
import { cx } from '../ui/cx';
import { inputClass, Options } from '../ui/field';
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
        <Options values={choices} />
        {value && !choices.includes(value) && <option value={value}>{value}</option>}
      </select>
    );
  }
  if (spec.input === 'sizeOrPercent' || spec.input === 'rate') {
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

/** The amount box's text and the unit select's unit for a value set from elsewhere. */
function fromValue(value: string, fallbackUnit: string): { text: string; unit: string } {
  const split = splitAmount(value);
  return split && split.amount !== '' ? { text: split.amount, unit: split.unit } : { text: value, unit: fallbackUnit };
}

/** The unit typed into the amount box itself ("512MiB" → "MiB"), if any. */
function typedUnit(text: string): { amount: string; unit: string } | null {
  const trimmed = text.trim();
  if (!/[A-Za-z%]/.test(trimmed)) return null;
  return splitAmount(trimmed) ?? { amount: '', unit: trimmed };
}

/**
 * An amount and its unit. What is typed stays as typed: "512MiB" or "50%" typed into the amount
 * is the whole value (the select shows its unit, and takes it over when the box is left); a bare
 * number takes the select's unit, which is remembered while the amount is empty.
 */
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
  const initial = fromValue(value, splitAmount(placeholder)?.unit ?? units[0].value);
  const [text, setText] = useState(initial.text);
  const [chosenUnit, setChosenUnit] = useState(initial.unit);
  // The value the box was last in step with: one set from elsewhere (a preset, a reset after
  // Apply) replaces the text.
  const [inStep, setInStep] = useState(value);
  if (value !== inStep) {
    const next = fromValue(value, chosenUnit);
    setInStep(value);
    setText(next.text);
    setChosenUnit(next.unit);
  }
  const typed = typedUnit(text);
  const unit = typed ? typed.unit : chosenUnit;
  const known = units.some((u) => u.value === unit);
  const emit = (next: string) => {
    setInStep(next);
    onChange(next);
  };
  return (
    <div className="flex gap-1.5">
      <div className="min-w-0 flex-1">
        <input
          aria-label={spec.label}
          className={inputClass}
          value={text}
          placeholder={splitAmount(placeholder)?.amount ?? placeholder}
          onChange={(e) => {
            const whole = e.target.value.trim();
            setText(e.target.value);
            emit(whole === '' ? '' : typedUnit(whole) ? whole : `${whole}${chosenUnit}`);
          }}
          onBlur={() => {
            if (!typed || !typed.amount || !units.some((u) => u.value === typed.unit)) return;
            setText(typed.amount);
            setChosenUnit(typed.unit);
          }}
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
            const amount = typed ? typed.amount : text.trim();
            setChosenUnit(e.target.value);
            setText(amount);
            if (amount !== '') emit(`${amount}${e.target.value}`);
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
