import { watchAccess } from '@/server/auth/access-watch';
import { eventHub } from '@/server/events/hub';
import { eventStreamResponse } from '@/server/events/sse';
import { audienceOf } from '@/server/events/visibility';
import { route } from '@/server/http/route';
import { taskVisibleTo } from '@/server/tasks/access';

// A Next route handler rather than the custom server: it gets the same auth and error handling as
// every other route, Next flushes each chunk of a streamed body, and the hub is shared through
// globalThis either way.
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
