'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useDaemons } from '@/lib/api/daemons';
import { ApiRequestError } from '@/lib/api/client';
import { useInstance } from '@/lib/api/instances';
import { useMe } from '@/lib/api/me';
import { errorMessage } from '@/lib/format';
import { can, type Capability } from '@/lib/roles';
import { usePendingByTarget } from '../activity/activity';
import { InstanceHistorySection } from '../charts/lazy';
import { Alert } from '../ui/alert';
import { buttonClasses, focusRing } from '../ui/button';
import { Card } from '../ui/card';
import { cx } from '../ui/cx';
import { Loading } from '../ui/query-state';
import { EmptyState } from '../ui/empty-state';
import { BoxIcon, ChevronRightIcon } from '../ui/icons';
import { instanceHref } from '@/lib/routes';
import { instanceTarget } from './fleet-view';
import { InstanceActions } from './instance-actions';
import { InstanceDialogsProvider } from './instance-dialogs';
import { InstanceOverview } from './instance-overview';
import { StatusBadge } from './status-badge';
import { useInstanceOperations } from './use-instance-operations';

// xterm and the limits editor are loaded only when their tab is opened.
const panelLoading = () => <Loading className="p-6" />;
const TerminalPanel = dynamic(() => import('../terminal/terminal-panel'), { ssr: false, loading: panelLoading });
const LimitsPanel = dynamic(() => import('../limits/limits-panel'), { ssr: false, loading: panelLoading });
const SnapshotsPanel = dynamic(() => import('../snapshots/snapshots-panel'), { ssr: false, loading: panelLoading });
const ConfigPanel = dynamic(() => import('../config/config-panel'), { ssr: false, loading: panelLoading });
const FilesPanel = dynamic(() => import('../files/files-panel'), { ssr: false, loading: panelLoading });
const DevicesPanel = dynamic(() => import('./devices-panel'), { ssr: false, loading: panelLoading });
const LogsPanel = dynamic(() => import('../logs/logs-panel'), { ssr: false, loading: panelLoading });

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'console', label: 'Console' },
  { id: 'limits', label: 'Limits' },
  { id: 'snapshots', label: 'Snapshots' },
  { id: 'devices', label: 'Devices' },
  { id: 'configuration', label: 'Configuration' },
  { id: 'files', label: 'Files', capability: 'files' as Capability },
  { id: 'logs', label: 'Logs' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** `/instances/[daemon]/[name]?project=P&tab=T`: one instance, its actions and its tabs. */
export function InstancePage({ daemonId, name }: { daemonId: string; name: string }) {
  const router = useRouter();
  const params = useSearchParams();
  const project = params.get('project') || 'default';
  const { data: me } = useMe();
  // A tab its role may not use is not shown to it (the server refuses it anyway).
  const tabs = TABS.filter((t) => !('capability' in t) || can(me?.role, t.capability));
  const tab: TabId = tabs.find((t) => t.id === params.get('tab'))?.id ?? 'overview';
  const ref = { daemonId, project, name };

  const instance = useInstance(ref);
  const daemons = useDaemons();
  const daemon = daemons.data?.find((d) => d.id === daemonId);
  const pending = usePendingByTarget().get(instanceTarget(ref));
  const daemonName = daemon?.name ?? '…';
  const operations = useInstanceOperations();

  const tabHref = (id: TabId) => {
    const query = new URLSearchParams();
    if (project !== 'default') query.set('project', project);
    if (id !== 'overview') query.set('tab', id);
    const search = query.toString();
    return `${instanceHref(ref).split('?')[0]}${search ? `?${search}` : ''}`;
  };

  const notFound = instance.error instanceof ApiRequestError && instance.error.status === 404;

  return (
    <InstanceDialogsProvider>
      <nav aria-label="Breadcrumb" className="mb-1.5 flex items-center gap-1 text-xs text-zinc-500 dark:text-zinc-400">
        <Link href="/instances" className={cx('rounded hover:text-zinc-900 dark:hover:text-zinc-100', focusRing)}>
          Instances
        </Link>
        <ChevronRightIcon size={12} />
        <Link
          href={`/instances?daemon=${encodeURIComponent(daemonName)}`}
          className={cx('rounded hover:text-zinc-900 dark:hover:text-zinc-100', focusRing)}
        >
          {daemonName}
        </Link>
        <ChevronRightIcon size={12} />
        <span>{project}</span>
      </nav>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div className="flex min-w-0 items-center gap-3">
          <h1 className="truncate text-lg font-semibold tracking-tight">{name}</h1>
          {instance.data && <StatusBadge status={instance.data.status} pending={pending} />}
        </div>
        {instance.data && (
          <InstanceActions
            variant="toolbar"
            instance={{ ...ref, daemonName, status: instance.data.status }}
            pending={pending}
            onRenamed={(newName) => router.replace(instanceHref({ daemonId, project, name: newName }))}
            onDeleted={() => router.push('/instances')}
          />
        )}
      </div>

      <div role="tablist" aria-label="Instance sections" className="mb-4 flex gap-1 overflow-x-auto border-b border-zinc-200 dark:border-zinc-800">
        {tabs.map((t) => (
          <Link
            key={t.id}
            href={tabHref(t.id)}
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === tab}
            aria-controls="instance-tabpanel"
            scroll={false}
            className={cx(
              '-mb-px rounded-t border-b-2 px-3 py-2 text-[13px] whitespace-nowrap',
              focusRing,
              t.id === tab
                ? 'border-indigo-600 font-medium text-zinc-900 dark:border-indigo-400 dark:text-zinc-100'
                : 'border-transparent text-zinc-500 hover:border-zinc-300 hover:text-zinc-800 dark:text-zinc-400 dark:hover:text-zinc-200',
            )}
          >
            {t.label}
          </Link>
        ))}
      </div>

      <div role="tabpanel" id="instance-tabpanel" aria-labelledby={`tab-${tab}`}>
        {notFound ? (
          <Card>
            <EmptyState
              icon={<BoxIcon size={18} />}
              title="Instance not found"
              action={
                <Link href="/instances" className={buttonClasses()}>
                  Back to instances
                </Link>
              }
            >
              {errorMessage(instance.error)}
            </EmptyState>
          </Card>
        ) : instance.error && !instance.data ? (
          <Alert kind="error" title="The instance could not be loaded">
            {errorMessage(instance.error)}
          </Alert>
        ) : tab === 'overview' ? (
          instance.data ? (
            <>
              <InstanceOverview instance={instance.data} daemon={daemon} pending={pending} />
              <div className="mt-4">
                <InstanceHistorySection {...ref} />
              </div>
            </>
          ) : (
            panelLoading()
          )
        ) : tab === 'terminal' || tab === 'console' ? (
          can(me?.role, 'terminal') ? (
            <Card className="overflow-hidden">
              <TerminalPanel
                key={tab}
                daemonId={daemonId}
                project={project}
                instance={name}
                mode={tab === 'terminal' ? 'exec' : 'console'}
                status={instance.data?.status}
                onStart={
                  can(me?.role, 'lifecycle')
                    ? () => operations.lifecycle({ ...ref, daemonName, status: instance.data?.status ?? 'Stopped' }, 'start')
                    : undefined
                }
              />
            </Card>
          ) : (
            <Alert kind="info">Your role ({me?.role}) cannot open terminals; an operator or admin can.</Alert>
          )
        ) : tab === 'files' ? (
          <Card>
            <FilesPanel daemonId={daemonId} project={project} instance={name} />
          </Card>
        ) : tab === 'limits' ? (
          <Card>
            <LimitsPanel daemonId={daemonId} project={project} instance={name} />
          </Card>
        ) : (
          <Card>
            {tab === 'snapshots' ? (
              <SnapshotsPanel daemonId={daemonId} project={project} instance={name} />
            ) : tab === 'devices' ? (
              <DevicesPanel daemonId={daemonId} project={project} instance={name} />
            ) : tab === 'configuration' ? (
              <ConfigPanel daemonId={daemonId} project={project} instance={name} />
            ) : (
              <LogsPanel daemonId={daemonId} project={project} instance={name} />
            )}
          </Card>
        )}
      </div>
    </InstanceDialogsProvider>
  );
}
