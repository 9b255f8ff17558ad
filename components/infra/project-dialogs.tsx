'use client';
/** The Projects page's dialogs, loaded when one opens. Every failure keeps the daemon's words. */
import { useState } from 'react';
import type { FleetProject } from '@/lib/api-types';
import { createProject, DEFAULT_FEATURES, deleteProject, editProject, renameProject } from '@/lib/api/projects';
import { ActionDialog } from '@/components/ui/action-dialog';
import { TextField } from '../ui/field';
import { ConfigLinesField, useConfigLines, useOnlineDaemon, EditConfigDialog, type Close } from './config-field';
import { usedByLabel } from './infra-bits';

export type ProjectDialog = { kind: 'create' } | { kind: 'edit' | 'rename' | 'delete'; project: FleetProject };

export function ProjectDialogs({ dialog, onDone, onClose }: Close & { dialog: ProjectDialog }) {
  switch (dialog.kind) {
    case 'create':
      return <CreateProjectDialog onDone={onDone} onClose={onClose} />;
    case 'edit':
      return <EditProjectDialog project={dialog.project} onDone={onDone} onClose={onClose} />;
    case 'rename':
      return <RenameProjectDialog project={dialog.project} onDone={onDone} onClose={onClose} />;
    case 'delete': {
      const { project } = dialog;
      // The default profile is always there; anything else means the daemon will refuse.
      const others = project.usedBy.filter((u) => !/^\/1\.0\/profiles\/default(\?|$)/.test(u));
      return (
        <ActionDialog
          title={`Delete project ${project.name}?`}
          description={
            others.length
              ? `On ${project.daemon.name}. It still holds ${others.slice(0, 5).map(usedByLabel).join(', ')}${others.length > 5 ? '…' : ''}: the daemon will refuse until it is empty.`
              : `On ${project.daemon.name}.`
          }
          confirmLabel="Delete project"
          danger
          onConfirm={() => deleteProject({ daemonId: project.daemon.id, name: project.name })}
          onDone={onDone}
          onClose={onClose}
        />
      );
    }
  }
}

function CreateProjectDialog({ onDone, onClose }: Close) {
  const { daemon, select: daemonSelect } = useOnlineDaemon();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const config = useConfigLines(Object.fromEntries(DEFAULT_FEATURES.slice(0, 2).map((f) => [`features.${f}`, 'true'])));
  return (
    <ActionDialog
      title="Create a project"
      confirmLabel="Create project"
      missing={!daemon ? 'No daemon online' : !name.trim() ? 'Give it a name' : config.error}
      onConfirm={() => createProject({ daemonId: daemon!.id, name: name.trim() }, { description, config: config.value })}
      onDone={onDone}
      onClose={onClose}
    >
      {daemonSelect}
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <ConfigLinesField state={config} hint="features.*, restricted.*, limits.* (e.g. limits.instances=5)." />
    </ActionDialog>
  );
}

function EditProjectDialog({ project, onDone, onClose }: Close & { project: FleetProject }) {
  return (
    <EditConfigDialog
      title={`Edit project ${project.name}`}
      description={`On ${project.daemon.name}. Features of a project that holds anything cannot change; the daemon says so.`}
      initial={project}
      hint="The whole config: a removed line unsets the key."
      save={(changes) => editProject({ daemonId: project.daemon.id, name: project.name }, changes)}
      onDone={onDone}
      onClose={onClose}
    />
  );
}

function RenameProjectDialog({ project, onDone, onClose }: Close & { project: FleetProject }) {
  const [name, setName] = useState(project.name);
  return (
    <ActionDialog
      title={`Rename project ${project.name}`}
      description={`On ${project.daemon.name}. The daemon renames only an empty project.`}
      confirmLabel="Rename"
      missing={name.trim() && name.trim() !== project.name ? null : 'Give it a new name'}
      onConfirm={() => renameProject({ daemonId: project.daemon.id, name: project.name }, name.trim())}
      onDone={onDone}
      onClose={onClose}
    >
      <TextField label="New name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
    </ActionDialog>
  );
}
