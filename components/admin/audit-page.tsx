'use client';
import { useState, type FormEvent } from 'react';
import { auditQuery, useAudit, type AuditRecord } from '@/lib/api/audit';
import { useMe } from '@/lib/api/me';
import { absoluteTime, relativeTime } from '@/lib/format';
import type { AuditFilters } from '@/lib/query-keys';
import { can, isRole } from '@/lib/roles';
import { RoleBadge } from '../shell/role-badge';
import { Badge } from '../ui/badge';
import { Button, focusRing } from '../ui/button';
import { cx } from '../ui/cx';
import { ListIcon, RefreshIcon } from '../ui/icons';
import { PageHeader } from '../ui/page-header';
import { SelectField, TextField } from '../ui/field';
import { Spinner } from '../ui/spinner';
import { AdminOnly } from './admin-only';
import { ListTable } from '../ui/list-table';

const PERIODS = [
  { label: 'Last hour', ms: 3600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
  { label: 'All kept', ms: 0 },
] as const;
const LIMITS = [100, 500, 2000, 10_000] as const;

interface Form {
  user: string;
  action: string;
  daemon: string;
  period: number;
  limit: number;
}

const EMPTY: Form = { user: '', action: '', daemon: '', period: 0, limit: 100 };

function toFilters(form: Form): AuditFilters {
  return {
    user: form.user.trim() || undefined,
    action: form.action.trim() || undefined,
    daemon: form.daemon.trim() || undefined,
    since: form.period ? new Date(Date.now() - form.period).toISOString() : undefined,
    limit: form.limit,
  };
}

export function AuditPage({ retentionDays }: { retentionDays: number }) {
  const { data: me } = useMe();
  const allowed = can(me?.role, 'readAudit');
  const [form, setForm] = useState<Form>(EMPTY);
  const [filters, setFilters] = useState<AuditFilters>(() => toFilters(EMPTY));
  const audit = useAudit(filters, allowed);
  if (!allowed) return <AdminOnly title="Audit log" />;

  const rows = audit.data ?? [];
  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    setFilters(toFilters(form));
  };
  const field = (key: keyof Form) => (value: string) => setForm((f) => ({ ...f, [key]: key === 'period' || key === 'limit' ? Number(value) : value }));

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle={
          retentionDays > 0
            ? `Every change made through Hangar; reads are not recorded. Records are kept for ${retentionDays} days.`
            : 'Every change made through Hangar; reads are not recorded. Records are kept forever.'
        }
        actions={
          <>
            {audit.isFetching && !audit.isPending && <Spinner label="Refreshing" className="text-zinc-400" />}
            <Button icon={<RefreshIcon size={14} />} onClick={() => apply()}>
              Refresh
            </Button>
            <a
              href={auditQuery(filters, 'csv')}
              download="hangar-audit.csv"
              className={cx(
                'inline-flex h-8 items-center gap-2 rounded-md bg-white px-3 text-[13px] font-medium text-zinc-800 shadow-xs ring-1 ring-zinc-300 ring-inset hover:bg-zinc-50',
                'dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-800',
                focusRing,
              )}
            >
              Export CSV
            </a>
          </>
        }
      />
      <form onSubmit={apply} aria-label="Filter the audit log" className="mb-3 grid grid-cols-2 items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
        <TextField label="User" value={form.user} onChange={(e) => field('user')(e.target.value)} spellCheck={false} placeholder="exact username" />
        <TextField
          label="Action"
          value={form.action}
          onChange={(e) => field('action')(e.target.value)}
          spellCheck={false}
          placeholder="instance.stop, user, POST…"
        />
        <TextField label="Daemon" value={form.daemon} onChange={(e) => field('daemon')(e.target.value)} spellCheck={false} placeholder="daemon name" />
        <SelectField label="Period" value={form.period} onChange={(e) => field('period')(e.target.value)}>
          {PERIODS.map((p) => (
            <option key={p.label} value={p.ms}>
              {p.label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Rows" value={form.limit} onChange={(e) => field('limit')(e.target.value)}>
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              {n.toLocaleString('en')}
            </option>
          ))}
        </SelectField>
        <div className="flex gap-2">
          <Button type="submit" variant="primary">
            Apply
          </Button>
          <Button
            onClick={() => {
              setForm(EMPTY);
              setFilters(toFilters(EMPTY));
            }}
          >
            Reset
          </Button>
        </div>
      </form>
      <ListTable query={audit} what="the audit log" count={rows.length} empty={{ icon: <ListIcon size={18} />, title: 'No records match', text: 'Change the filters, or make a change: every one is recorded here.' }} errorTitle="The audit log could not be loaded" columns={['Time', 'User', 'Daemon', 'Action', 'Request', 'Result', { label: 'Duration', className: 'text-right' }]} data-testid="audit-table">
        {rows.map((row, i) => (
          <AuditRow key={`${row.at}-${i}`} row={row} />
        ))}
      </ListTable>
      {rows.length > 0 && rows.length === filters.limit && (
        <p className="mt-2 text-xs text-zinc-500">Showing the newest {rows.length} records; narrow the filters or show more rows.</p>
      )}
    </>
  );
}

function AuditRow({ row }: { row: AuditRecord }) {
  const ok = row.status < 400;
  const event = typeof row.detail?.event === 'string' ? row.detail.event : null;
  return (
    <tr className="align-top hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <td className="px-4 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400" title={absoluteTime(row.at)}>
        {relativeTime(row.at)}
      </td>
      <td className="px-3 py-2 whitespace-nowrap">
        <span className="mr-1.5 font-medium text-zinc-900 dark:text-zinc-100">{row.user}</span>
        {isRole(row.role) && <RoleBadge role={row.role} />}
      </td>
      <td className="px-3 py-2 whitespace-nowrap text-zinc-600 dark:text-zinc-400">{row.daemon ?? '—'}</td>
      <td className="max-w-xs px-3 py-2" data-testid="audit-action">
        <span className="font-mono text-xs font-semibold text-zinc-900 dark:text-zinc-100">{row.action ?? '—'}</span>
        {row.instance && <span className="ml-1.5 text-xs text-zinc-700 dark:text-zinc-300">{row.instance}</span>}
        {row.details && <div className="mt-0.5 text-xs break-all text-zinc-500">{summary(row.details)}</div>}
      </td>
      <td className="max-w-xl px-3 py-2">
        <span className="mr-1.5 font-mono text-xs font-semibold">{row.method}</span>
        <span className="font-mono text-xs break-all">{row.target}</span>
        {event && !row.action && <span className="ml-2 text-xs text-zinc-500">{event}</span>}
        {row.detail && (
          <details className="mt-1">
            <summary className="cursor-pointer text-xs text-zinc-500 select-none">Details</summary>
            <pre className="mt-1 overflow-x-auto rounded bg-zinc-50 p-2 font-mono text-[11px] text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
              {JSON.stringify(row.detail, null, 2)}
            </pre>
          </details>
        )}
      </td>
      <td className="px-3 py-2">
        {row.status === 0 ? <Badge tone="grey">pending</Badge> : <Badge tone={ok ? 'green' : 'red'}>{row.status}</Badge>}
      </td>
      <td className="px-3 py-2 text-right whitespace-nowrap tabular-nums text-zinc-600 dark:text-zinc-400">{row.durationMs} ms</td>
    </tr>
  );
}

/** `newName: web-2 · keys: limits.cpu, boot.autostart` */
function summary(details: Record<string, unknown>): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
