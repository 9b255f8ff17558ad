import { watchAccess } from '@/server/auth/access-watch';
import { eventHub } from '@/server/events/hub';
import { eventStreamResponse } from '@/server/events/sse';
import { audienceOf } from '@/server/events/visibility';
import { route } from '@/server/http/route';
import { taskVisibleTo } from '@/server/tasks/access';

// A route like every other (served by the server's API router), so it gets the same auth and
// error handling; the router streams each chunk of the body as it comes.
export const dynamic = 'force-dynamic';

/** `GET /api/v1/events`: the daemons' lifecycle and operation events the caller may see, as SSE. */
export const GET = route({ capability: 'read' }, async ({ req, s, principal }) => {
  const audience = audienceOf(principal.role);
  return eventStreamResponse(req, eventHub(s), {
    audience,
    tasks: { subscribe: (listener) => s.tasks.subscribe(listener), visible: (task) => taskVisibleTo(principal, task) },
    // Disabled, logged out, token revoked or role changed: the stream ends (and the browser reconnects as who it is now).
    watch: (end) => watchAccess(s, principal, (now) => audienceOf(now.role) === audience, end),
  });
});
