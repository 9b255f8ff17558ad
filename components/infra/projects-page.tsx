'use client';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import type { FleetProject, ProjectUsage } from '@/lib/api-types';
import { useRoleReason } from '@/lib/api/me';
import { useFleetProjects } from '@/lib/api/projects';
import { lxdKeys, projectKeys } from '@/lib/query-keys';
import { formatBytes } from '@/lib/units';
import { Badge } from '../ui/badge';
import { CreateButton } from '../ui/button';
import { LayersIcon } from '../ui/icons';
import { MenuCell } from '../ui/menu';
import { ListTable } from '../ui/list-table';
import { InfraToolbar, UsageBar, useFleetFilter } from './infra-bits';
import type { ProjectDialog } from './project-dialogs';
import { ListPage } from '../ui/list-page';

const ProjectDialogs = dynamic(() => import('./project-dialogs').then((m) => m.ProjectDialogs), { ssr: false });

const DEFAULTS = { q: '', daemon: '' };
/** The usage figures worth a column, and how to print them. */
const SHOWN: [string, (n: number) => string][] = [
  ['instances', String],
  ['memory', formatBytes],
  ['disk', formatBytes],
  ['cpu', String],
];

function Usage({ usage }: { usage: Record<string, ProjectUsage> }) {
  const rows = SHOWN.filter(([k]) => usage[k] && (usage[k].limit !== null || k === 'instances'));
  if (!rows.length) return <span className="text-zinc-400">—</span>;
  return (
    <div className="space-y-0.5">
      {rows.map(([k, format]) => (
        <div key={k} className="flex items-center gap-2 text-xs">
          <span className="w-16 text-zinc-500">{k}</span>
          <UsageBar used={usage[k].usage} total={usage[k].limit} format={format} />
        </div>
      ))}
    </div>
  );
}

/** `/projects`: every daemon's projects with features, restrictions, limits and their usage. */
export function ProjectsPage() {
  const queryClient = useQueryClient();
  const projects = useFleetProjects();
  const { daemons, view, setView, matches } = useFleetFilter(DEFAULTS);
  const [dialog, setDialog] = useState<ProjectDialog | null>(null);
  const adminReason = useRoleReason('manageInfrastructure', 'change projects');

  const rows = useMemo(
    () =>
      (projects.data?.projects ?? [])
        .filter((p) => matches(p.daemon.id, [p.name, p.description, p.daemon.name, ...Object.keys(p.config)]))
        .sort((a, b) => a.daemon.name.localeCompare(b.daemon.name) || a.name.localeCompare(b.name)),
    [projects.data, matches],
  );
  // The dialog closes once the daemon has done it; the lists catch up on their own.
  const refresh = async () => {
    void queryClient.invalidateQueries({ queryKey: projectKeys.all });
    void queryClient.invalidateQueries({ queryKey: lxdKeys.all });
  };
  const isDefault = (p: FleetProject) => (p.name === 'default' ? 'The default project cannot be renamed or deleted' : null);

  return (
    <>
      <ListPage
        title="Projects"
        subtitle={projects.data ? `${rows.length} projects` : 'Projects of every daemon'}
        query={projects}
        actions={
          <CreateButton disabledReason={adminReason ?? (daemons.data ? null : 'Loading daemons…')} onClick={() => setDialog({ kind: 'create' })}>
            Create project
          </CreateButton>
        }
        what="projects"
      >
        <InfraToolbar q={view.q} daemon={view.daemon} daemons={daemons.data} onChange={setView} placeholder="Search projects, config keys…" />
        <ListTable query={projects} what="projects" count={rows.length} empty={{ icon: <LayersIcon size={18} />, title: 'No projects match' }} columns={['Daemon', 'Name', 'Description', 'Features', 'Restrictions', 'Limits and usage', { label: 'Actions', srOnly: true }]} aria-label="Projects">
          {rows.map((p) => (
            <tr key={`${p.daemon.id}/${p.name}`} data-project={p.name} data-daemon={p.daemon.name}>
              <td className="px-4 py-1.5 whitespace-nowrap">{p.daemon.name}</td>
              <td className="px-3 py-1.5 font-medium">
                <Link href={`/instances?daemon=${encodeURIComponent(p.daemon.name)}&project=${encodeURIComponent(p.name)}`} className="hover:underline">
                  {p.name}
                </Link>
              </td>
              <td className="px-3 py-1.5">{p.description || '—'}</td>
              <td className="px-3 py-1.5">
                <div className="flex flex-wrap gap-1">
                  {p.features.length ? p.features.map((f) => <Badge key={f}>{f}</Badge>) : <span className="text-zinc-400">shares default&apos;s</span>}
                </div>
              </td>
              <td className="px-3 py-1.5 text-xs">
                {Object.keys(p.restrictions).length
                  ? Object.entries(p.restrictions).map(([k, v]) => (
                      <div key={k}>
                        {k}={v}
                      </div>
                    ))
                  : '—'}
              </td>
              <td className="px-3 py-1.5">
                <Usage usage={p.usage} />
              </td>
              <MenuCell
                label={`Actions for project ${p.name} on ${p.daemon.name}`}
                entries={[
                  { label: 'Edit…', onSelect: () => setDialog({ kind: 'edit', project: p }), disabledReason: adminReason },
                  { label: 'Rename…', onSelect: () => setDialog({ kind: 'rename', project: p }), disabledReason: adminReason ?? isDefault(p) },
                  'separator',
                  { label: 'Delete…', danger: true, onSelect: () => setDialog({ kind: 'delete', project: p }), disabledReason: adminReason ?? isDefault(p) },
                ]}
              />
            </tr>
          ))}
        </ListTable>
      </ListPage>
      {dialog && <ProjectDialogs dialog={dialog} onDone={refresh} onClose={() => setDialog(null)} />}
    </>
  );
}
