'use client';
/** The network ACL dialogs, loaded when one opens. Every failure keeps the daemon's words. */
import { useState } from 'react';
import type { DaemonView, FleetNetworkAcl } from '@/lib/api-types';
import { createAcl, deleteAcl, editAcl } from '@/lib/api/networks';
import { ActionDialog } from '@/components/ui/action-dialog';
import { TextField } from '../ui/field';
import { aclRuleLines, parseAclRules, type AclRules } from './acl-rules';
import { usedByLabel } from './infra-bits';
import { ProjectSelect } from './project-select';
import { DaemonSelect } from '../daemons/daemon-select';
import { LinesField, type Close } from './config-field';

export type AclDialog = { kind: 'create' } | { kind: 'edit' | 'delete'; acl: FleetNetworkAcl };

export function AclDialogs({ dialog, daemons, onDone, onClose }: Close & { dialog: AclDialog; daemons: DaemonView[] }) {
  switch (dialog.kind) {
    case 'create':
      return <CreateAclDialog daemons={daemons} onDone={onDone} onClose={onClose} />;
    case 'edit':
      return <EditAclDialog acl={dialog.acl} onDone={onDone} onClose={onClose} />;
    case 'delete': {
      const { acl } = dialog;
      return (
        <ActionDialog
          title={`Delete network ACL ${acl.name}?`}
          description={
            acl.usedBy.length
              ? `On ${acl.daemon.name}, project ${acl.project}. It is used by ${acl.usedBy.map(usedByLabel).join(', ')}: the daemon will refuse.`
              : `On ${acl.daemon.name}, project ${acl.project}.`
          }
          confirmLabel="Delete ACL"
          danger
          onConfirm={() => deleteAcl({ daemonId: acl.daemon.id, project: acl.project, name: acl.name })}
          onDone={onDone}
          onClose={onClose}
        />
      );
    }
  }
}

const RULES_HINT = 'One rule a line: ingress|egress allow|reject|drop key=value… (source, destination, protocol, source_port, destination_port, icmp_type, icmp_code, state, description).';

function useRules(initial: AclRules) {
  const [text, setText] = useState(() => aclRuleLines(initial));
  const parsed = parseAclRules(text);
  return 'error' in parsed ? { text, setText, rules: null, error: `Rules ${parsed.error}` } : { text, setText, rules: parsed, error: null };
}

function RulesField({ state }: { state: ReturnType<typeof useRules> }) {
  return <LinesField state={state} label="Rules" hint={RULES_HINT} rows={6} placeholder="ingress allow protocol=tcp destination_port=22" />;
}

function CreateAclDialog({ daemons, onDone, onClose }: Close & { daemons: DaemonView[] }) {
  const [daemonId, setDaemonId] = useState('');
  const daemon = daemons.find((d) => d.id === daemonId) ?? daemons[0];
  const [project, setProject] = useState('default');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const rules = useRules({ ingress: [], egress: [] });
  return (
    <ActionDialog
      title="Create a network ACL"
      description="A project other than default needs its own networks (features.networks); the daemon says so otherwise."
      confirmLabel="Create ACL"
      missing={!daemon ? 'No online daemon has network ACLs' : !name.trim() ? 'Give it a name' : rules.error}
      onConfirm={() => createAcl({ daemonId: daemon!.id, project, name: name.trim() }, { description, ...rules.rules! })}
      onDone={onDone}
      onClose={onClose}
      size="lg"
    >
      <div className="grid grid-cols-2 gap-3">
        <DaemonSelect daemons={daemons} value={daemon?.id ?? ''} onChange={setDaemonId} />
        <ProjectSelect daemonId={daemon?.id} value={project} onChange={setProject} />
      </div>
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <RulesField state={rules} />
    </ActionDialog>
  );
}

function EditAclDialog({ acl, onDone, onClose }: Close & { acl: FleetNetworkAcl }) {
  const [description, setDescription] = useState(acl.description);
  const rules = useRules({ ingress: acl.ingress, egress: acl.egress });
  return (
    <ActionDialog
      title={`Edit network ACL ${acl.name}`}
      description={`On ${acl.daemon.name}, project ${acl.project}.`}
      confirmLabel="Save"
      missing={rules.error}
      onConfirm={() => editAcl({ daemonId: acl.daemon.id, project: acl.project, name: acl.name }, { description, config: acl.config, ...rules.rules! })}
      onDone={onDone}
      onClose={onClose}
      size="lg"
    >
      <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
      <RulesField state={rules} />
    </ActionDialog>
  );
}
