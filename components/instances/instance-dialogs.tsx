'use client';
import dynamic from 'next/dynamic';
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { InstanceHandle } from './use-instance-operations';

// Loaded when first opened: they are not part of the fleet page's first-load budget.
const DeleteInstancesDialog = dynamic(() => import('./delete-instances-dialog').then((m) => m.DeleteInstancesDialog), { ssr: false });
const CopyInstanceDialog = dynamic(() => import('../tasks/copy-instance-dialog').then((m) => m.CopyInstanceDialog), { ssr: false });
const RenameInstanceDialog = dynamic(() => import('./rename-instance-dialog').then((m) => m.RenameInstanceDialog), { ssr: false });

export type InstanceDialogRequest =
  | { kind: 'rename'; instance: InstanceHandle; onRenamed?: (newName: string) => void }
  | { kind: 'copy'; instances: InstanceHandle[]; move: boolean }
  | { kind: 'delete'; instances: InstanceHandle[]; onDeleted?: () => void };

const OpenContext = createContext<((request: InstanceDialogRequest) => void) | null>(null);

/**
 * Hosts the rename, copy/move and delete dialogs of a page. They live here, not in the table row that opened
 * them: a row can vanish (a poll without its daemon) while its dialog is still waiting on the daemon.
 */
export function InstanceDialogsProvider({ children }: { children: ReactNode }) {
  const [request, setRequest] = useState<InstanceDialogRequest | null>(null);
  const close = () => setRequest(null);
  return (
    <OpenContext.Provider value={setRequest}>
      {children}
      {request?.kind === 'copy' && <CopyInstanceDialog instances={request.instances} move={request.move} onClose={close} />}
      {request?.kind === 'rename' && <RenameInstanceDialog instance={request.instance} onClose={close} onRenamed={request.onRenamed} />}
      {request?.kind === 'delete' && (
        <DeleteInstancesDialog instances={request.instances} onClose={close} onDeleted={request.onDeleted} />
      )}
    </OpenContext.Provider>
  );
}

/** Opens an instance dialog of the surrounding page (a stable function). */
export function useInstanceDialogs(): (request: InstanceDialogRequest) => void {
  const open = useContext(OpenContext);
  if (!open) throw new Error('useInstanceDialogs needs <InstanceDialogsProvider>');
  return open;
}
