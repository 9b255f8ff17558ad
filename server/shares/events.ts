import { eventHub } from '../events/hub';
import { eventStreamResponse } from '../events/sse';
import type { Services } from '../services';
import { daemonInScope, inScope } from './scope';
import { shareScope, type ShareRow } from './store';

/**
 * `GET /api/v1/shares/<token>/events`: the live hub's events about the shared instances only,
 * as a viewer would see them, and the connection state of the shared daemons
 * without their error texts. Revoking the link closes the stream at once in this process; other
 * replicas notice at their next check, within a few seconds.
 */
export function shareEventStream(req: Request, s: Services, share: ShareRow, token: string): Response {
  const scope = shareScope(share);
  let revoked = false;
  const live = () => !revoked && Date.now() < share.expires_at;

  const response = eventStreamResponse(req, eventHub(s), {
    audience: 'viewer',
    // Only what is about one shared instance: never a daemon-wide event, never another instance's.
    filter: (subject) => live() && subject.instance !== undefined && inScope(scope, subject.daemon, subject.project, subject.instance),
    statusFilter: (message) => ({
      daemons: message.daemons.filter((d) => daemonInScope(scope, d.id)).map(({ error: _error, ...state }) => state),
    }),
    stillAllowed: async () => live() && 'share' in (await s.shares.lookup(token)),
    watch: (end) =>
      s.shareRevocations.on(share.id, () => {
        revoked = true;
        end();
      }),
  });
  response.headers.set('cache-control', 'no-store, no-transform');
  return response;
}
