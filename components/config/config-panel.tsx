'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { isEtagConflict } from '@/lib/api/daemon';
import { editableInstance, saveInstanceConfig, useExpandedConfig, useInstanceConfig, type InstancePut } from '@/lib/api/config';
import type { InstanceRef } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { sourceLabel, type ConfigSource, type SourcedValue } from '@/lib/config-sources';
import { errorMessage } from '@/lib/format';
import { configKeys, instanceKeys } from '@/lib/query-keys';
import { can, roleReason } from '@/lib/roles';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { LazyYamlEditor } from './lazy-yaml-editor';
import { describeProblem, INSTANCE_SCHEMA, parseYamlDoc, toYaml } from './yaml-doc';
import { Loading } from '../ui/query-state';

export interface ConfigPanelProps {
  daemonId: string;
  project: string;
  instance: string;
}

/** The Configuration tab: the instance's own config and devices as YAML, and the expanded view by source. */
export default function ConfigPanel({ daemonId, project, instance }: ConfigPanelProps) {
  const ref: InstanceRef = { daemonId, project, name: instance };
  return (
    <div className="space-y-6 divide-y divide-zinc-200 p-4 dark:divide-zinc-800 [&>*+*]:pt-5">
      <InstanceYaml instanceRef={ref} />
      <ExpandedConfig instanceRef={ref} />
    </div>
  );
}

function InstanceYaml({ instanceRef: ref }: { instanceRef: InstanceRef }) {
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const editable = can(me?.role, 'manageInstances');
  const loaded = useInstanceConfig(ref);
  const [text, setText] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [saved, setSaved] = useState(false);

  const original = loaded.data ? toYaml(editableInstance(loaded.data.data)) : '';
  const dirty = text !== null && text !== original;

  const reload = async () => {
    setConflict(false);
    setError(null);
    setText(null);
    await loaded.refetch();
    setVersion((v) => v + 1);
  };

  const save = async () => {
    if (!loaded.data || text === null) return;
    setError(null);
    setSaved(false);
    const parsed = parseYamlDoc<Partial<InstancePut>>(text, INSTANCE_SCHEMA);
    if (!parsed.ok) {
      setError(parsed.problems.map(describeProblem).join('\n'));
      return;
    }
    setSaving(true);
    try {
      const put = { ...editableInstance(loaded.data.data), ...parsed.value };
      await saveInstanceConfig(ref, put, loaded.data.etag);
      setSaved(true);
      setText(null);
      await loaded.refetch();
      setVersion((v) => v + 1);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: configKeys.expanded(ref.daemonId, ref.project, ref.name) }),
        queryClient.invalidateQueries({ queryKey: instanceKeys.detail(ref.daemonId, ref.project, ref.name) }),
      ]);
    } catch (e) {
      if (isEtagConflict(e)) setConflict(true);
      else setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div>
          <h2 className="text-sm font-semibold">Instance configuration</h2>
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            The instance&apos;s own config and devices, as <code>lxc config edit</code> shows them. Profiles are applied first; these win.
          </p>
        </div>
        <div className="flex items-center gap-2">
          {dirty && <span className="text-xs text-amber-600 dark:text-amber-400">Unsaved changes</span>}
          <Button size="sm" onClick={() => void reload()} disabled={saving}>
            Reload
          </Button>
          <Button
            size="sm"
            variant="primary"
            busy={saving}
            onClick={() => void save()}
            disabledReason={roleReason(me?.role, 'manageInstances', 'change configuration') ?? (dirty ? null : 'No changes to save')}
          >
            Save
          </Button>
        </div>
      </div>
      {!editable && (
        <Alert kind="info" className="mb-3">
          Read-only: your role ({me?.role}) may view the configuration but not change it.
        </Alert>
      )}
      {conflict && (
        <Alert
          kind="warning"
          className="mb-3"
          title="The configuration changed since you opened it"
          action={
            <Button size="sm" onClick={() => void reload()}>
              Reload
            </Button>
          }
        >
          Someone (or the CLI) saved a change in the meantime, so the daemon refused yours. Reload to see the current configuration,
          then make your edit again; copy your text first if you need it.
        </Alert>
      )}
      {error && (
        <Alert kind="error" className="mb-3" title="Not saved">
          <pre className="font-sans whitespace-pre-wrap">{error}</pre>
        </Alert>
      )}
      {saved && !dirty && !error && (
        <Alert kind="info" className="mb-3">
          Saved.
        </Alert>
      )}
      {loaded.error ? (
        <Alert kind="error">{errorMessage(loaded.error)}</Alert>
      ) : loaded.data ? (
        <LazyYamlEditor
          key={version}
          initial={original}
          schema={INSTANCE_SCHEMA}
          readOnly={!editable}
          label={`Configuration of ${ref.name} (YAML)`}
          onChange={(next) => {
            setText(next);
            setSaved(false);
          }}
        />
      ) : (
        <Loading className="" />
      )}
    </section>
  );
}

function ExpandedConfig({ instanceRef: ref }: { instanceRef: InstanceRef }) {
  const expanded = useExpandedConfig(ref);
  const order: ConfigSource[] = [
    ...(expanded.data?.instance.profiles ?? []).map((name) => ({ kind: 'profile', name }) as ConfigSource),
    { kind: 'instance' },
  ];
  const rank = (s: ConfigSource) => order.findIndex((o) => sourceLabel(o) === sourceLabel(s));
  const byLayer = <T,>(rows: SourcedValue<T>[]) => [...rows].sort((a, b) => rank(a.source) - rank(b.source) || a.key.localeCompare(b.key));

  return (
    <section>
      <h2 className="text-sm font-semibold">Expanded configuration</h2>
      <p className="mb-3 text-xs text-zinc-500 dark:text-zinc-400">
        What the daemon uses, key by key, and who set it. Applied in this order, later wins:{' '}
        {order.map((s, i) => (
          <span key={sourceLabel(s)}>
            {i > 0 && ' → '}
            <strong>{sourceLabel(s)}</strong>
          </span>
        ))}
      </p>
      {expanded.error && <Alert kind="error">{errorMessage(expanded.error)}</Alert>}
      {expanded.isPending && (
        <Loading className="" />
      )}
      {expanded.data && (
        <div className="space-y-4">
          <SourcedTable caption="Config" rows={byLayer(expanded.data.sourced.config)} render={(v) => v} />
          <SourcedTable
            caption="Devices"
            rows={byLayer(expanded.data.sourced.devices)}
            render={(d) =>
              Object.entries(d)
                .map(([k, v]) => `${k}=${v}`)
                .join(', ')
            }
          />
        </div>
      )}
    </section>
  );
}

function SourcedTable<T>({ caption, rows, render }: { caption: string; rows: SourcedValue<T>[]; render: (value: T) => string }) {
  return (
    <table className="w-full text-left text-[13px]" data-testid={`expanded-${caption.toLowerCase()}`}>
      <caption className="mb-1 text-left text-xs font-medium text-zinc-600 dark:text-zinc-300">{caption}</caption>
      <thead className="text-xs text-zinc-500">
        <tr className="border-b border-zinc-200 dark:border-zinc-800">
          <th className="py-1.5 pr-3 font-medium">Key</th>
          <th className="py-1.5 pr-3 font-medium">Value</th>
          <th className="py-1.5 pr-3 font-medium">Set by</th>
          <th className="py-1.5 font-medium">Overrides</th>
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && (
          <tr>
            <td colSpan={4} className="py-2 text-zinc-500">
              None
            </td>
          </tr>
        )}
        {rows.map((row) => (
          <tr key={row.key} data-key={row.key} className="border-b border-zinc-100 align-top last:border-0 dark:border-zinc-800/60">
            <td className="py-1.5 pr-3 font-mono text-xs">{row.key}</td>
            <td className="py-1.5 pr-3 font-mono text-xs break-all">{render(row.value)}</td>
            <td className="py-1.5 pr-3">
              <Badge tone={row.source.kind === 'instance' ? 'indigo' : 'violet'}>{sourceLabel(row.source)}</Badge>
            </td>
            <td className="py-1.5 text-xs text-zinc-500">
              {row.overridden.map((o) => `${sourceLabel(o.source)} (${render(o.value)})`).join('; ') || '—'}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
