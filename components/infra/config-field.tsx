'use client';
import { useId, useState } from 'react';
import { useDaemons } from '@/lib/api/daemons';
import { cx } from '../ui/cx';
import { inputClass, TextField } from '../ui/field';
import { configLines, parseConfigLines } from './config-lines';
import { DaemonSelect } from '../daemons/daemon-select';
import { ActionDialog } from '../ui/action-dialog';

/** What every Infrastructure dialog is given: the page's refresh once it worked, and closing it. */
export type Close = { onDone: () => Promise<unknown>; onClose: () => void };

export interface ConfigLinesState {
  text: string;
  setText: (text: string) => void;
  value: Record<string, string>;
  error: string | null;
}

export function useConfigLines(initial: Record<string, string>): ConfigLinesState {
  const [text, setText] = useState(() => configLines(initial));
  const parsed = parseConfigLines(text);
  return 'error' in parsed ? { text, setText, value: {}, error: `Config ${parsed.error}` } : { text, setText, value: parsed.config, error: null };
}

/** A text area of one entry per line (config keys, ACL rules), with what is wrong with it or else the hint. */
export function LinesField({
  state,
  label,
  hint,
  rows = 5,
  placeholder,
}: {
  state: { text: string; setText: (text: string) => void; error: string | null };
  label: string;
  hint?: string;
  rows?: number;
  placeholder: string;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-zinc-700 dark:text-zinc-300">
        {label}
      </label>
      <textarea
        id={id}
        rows={rows}
        spellCheck={false}
        value={state.text}
        onChange={(e) => state.setText(e.target.value)}
        className={cx(inputClass, 'h-auto py-1.5 font-mono text-xs')}
        placeholder={placeholder}
      />
      <p className={cx('text-xs', state.error ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400')}>{state.error ?? hint}</p>
    </div>
  );
}

/** A `key=value` per line editor for daemon config. */
export function ConfigLinesField({ state, label = 'Config', hint }: { state: ConfigLinesState; label?: string; hint?: string }) {
  return <LinesField state={state} label={label} hint={hint} placeholder="key=value, one per line" />;
}

/**
 * Editing the description and config keys of a daemon's network, project or pool: `save` gets the
 * description and the keys as the lines now say.
 */
export function EditConfigDialog({
  title,
  description,
  initial,
  hint,
  save,
  onDone,
  onClose,
}: Close & {
  title: string;
  description: string;
  initial: { description: string; config: Record<string, string> };
  hint: string;
  save: (changes: { description: string; config: Record<string, string> }) => Promise<unknown>;
}) {
  const [text, setText] = useState(initial.description);
  const config = useConfigLines(initial.config);
  return (
    <ActionDialog
      title={title}
      description={description}
      confirmLabel="Save"
      missing={config.error}
      onConfirm={() => save({ description: text, config: config.value })}
      onDone={onDone}
      onClose={onClose}
    >
      <TextField label="Description" value={text} onChange={(e) => setText(e.target.value)} />
      <ConfigLinesField state={config} hint={hint} />
    </ActionDialog>
  );
}

/** The daemon a create form targets: online daemons only, the first one until another is chosen. */
export function useOnlineDaemon() {
  const daemons = useDaemons();
  const online = (daemons.data ?? []).filter((d) => d.status === 'online');
  const [daemonId, setDaemonId] = useState('');
  const daemon = online.find((d) => d.id === daemonId) ?? online[0];
  const select = (
    <DaemonSelect daemons={online} value={daemon?.id ?? ''} onChange={setDaemonId} />
  );
  return { daemon, select };
}
