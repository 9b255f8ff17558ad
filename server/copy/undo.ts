import type { LxdInstance } from '@/lib/lxd-types';
import type { Services } from '../services';
import { deleteIfPresent, setState } from './daemon-ops';
import { instancePath, type InstanceEnd } from './plan';
import { deleteVolumeIfPresent } from './volume';

/**
 * The undo actions of copy tasks (./undo-records.ts builds their records). Every replica defines
 * them at boot: the one that finds a task orphaned runs what the dead one recorded.
 */
export function defineCopyUndo(s: Services): void {
  const daemon = async (args: Record<string, unknown>) => {
    const row = await s.daemons.row(String(args.daemon));
    return { row, client: s.daemons.client(row) };
  };
  const instance = async (args: Record<string, unknown>): Promise<InstanceEnd> => ({
    ...(await daemon(args)),
    project: String(args.project),
    name: String(args.name),
  });
  s.tasks
    .defineUndo('instance.remove', async (args) => deleteIfPresent(await instance(args)))
    .defineUndo('instance.start', async (args) => {
      const end = await instance(args);
      const now = await end.client.get<LxdInstance>(instancePath(end));
      if (now.status !== 'Stopped') return;
      // Running is what this step is for: a stop still ending when it was read is no failure.
      await setState(end, 'start').catch((error: unknown) => {
        if (!(error instanceof Error && /already running/i.test(error.message))) throw error;
      });
    })
    .defineUndo('volume.remove', async (args) =>
      deleteVolumeIfPresent({
        ...(await daemon(args)),
        pool: String(args.pool),
        project: String(args.project),
        name: String(args.name),
        ...(args.member ? { member: String(args.member) } : {}),
      }),
    )
    .defineUndo('daemon.delete', async (args) => {
      const { client } = await daemon(args);
      const reply = await client.request('DELETE', String(args.path));
      if (reply.status >= 400 && reply.status !== 404) throw new Error(reply.body.error || `DELETE ${String(args.path)} answered ${reply.status}`);
    });
}
