import type { TaskView } from '@/lib/api-types';
import type { LiveStatusMessage, LiveSubject } from '@/lib/live';
import type { TaskListener } from '../tasks/runner';
import type { EventHub, HubSubscriber } from './hub';
import type { Audience } from './visibility';

export interface EventStreamOptions {
  audience: Audience;
  /** Narrows the stream further, e.g. to a share link's scope (daemon id, project, instance). */
  filter?: (subject: LiveSubject) => boolean;
  /** Cuts down the daemons' connection states sent, e.g. to a share link's daemons. */
  statusFilter?: (message: LiveStatusMessage) => LiveStatusMessage;
  /** Asked every few seconds; when it answers false (e.g. a share link revoked by another replica) the stream ends. */
  stillAllowed?: () => Promise<boolean>;
  /** Hangar's tasks, sent as `event: task` when `visible` says the caller may see them. */
  tasks?: { subscribe(listener: TaskListener): () => void; visible(task: TaskView): boolean };
  /** Starts watching for the caller's access to end and calls `end` then (at once); returns the stop. */
  watch?: (end: () => void) => () => void;
}

const HEARTBEAT_MS = 15_000;
const RECHECK_MS = 4_000;
/** A client this many messages behind is not reading; it is dropped rather than buffered for. */
const MAX_QUEUED = 2000;
const RETRY_MS = 2000;

/**
 * A Server-Sent Events response fed by the hub: `id:` + `data:` per daemon event (JSON of
 * LiveEvent); `event: instance` with an instance's fresh fleet row after an event that changed it
 * (LiveInstanceUpdate); `event: status` with the daemons' connection states; `event: reset` when a
 * reconnecting client missed more than the hub still holds; `event: task` with a task's state and
 * progress (TaskView); a comment line as heartbeat.
 */
export function eventStreamResponse(req: Request, hub: EventHub, options: EventStreamOptions): Response {
  const encoder = new TextEncoder();
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const write = (text: string) => {
        if (!open) return;
        if ((controller.desiredSize ?? 0) < -MAX_QUEUED) {
          stop();
          return;
        }
        controller.enqueue(encoder.encode(text));
      };
      const subscriber: HubSubscriber = {
        audience: options.audience,
        filter: options.filter,
        message: (id, kind, data) => write(`id: ${id}\n${kind === 'message' ? '' : `event: ${kind}\n`}data: ${data}\n\n`),
        status: (message) => write(`event: status\ndata: ${JSON.stringify(options.statusFilter?.(message) ?? message)}\n\n`),
      };
      write(`retry: ${RETRY_MS}\n\n`);
      // EventSource sends the header when it reconnects by itself; a client that opens a new
      // EventSource passes the id it last saw in the query instead.
      const lastId = req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('lastEventId');
      if (lastId && !hub.replay(lastId, subscriber)) write('event: reset\ndata: {}\n\n');
      const unsubscribeHub = hub.subscribe(subscriber);
      const unsubscribeTasks = options.tasks?.subscribe((task) => {
        if (options.tasks!.visible(task)) write(`event: task\ndata: ${JSON.stringify(task)}\n\n`);
      });
      const unsubscribe = () => {
        unsubscribeHub();
        unsubscribeTasks?.();
      };
      const heartbeat = setInterval(() => write(': ping\n\n'), HEARTBEAT_MS);
      const recheck = options.stillAllowed
        ? setInterval(() => {
            void options.stillAllowed?.().then(
              (allowed) => allowed || stop(),
              () => undefined,
            );
          }, RECHECK_MS)
        : undefined;
      let unwatch = () => {};
      stop = () => {
        if (!open) return;
        open = false;
        unwatch();
        unsubscribe();
        clearInterval(heartbeat);
        clearInterval(recheck);
        req.signal.removeEventListener('abort', stop);
        try {
          controller.close();
        } catch {
          /* already cancelled by the reader */
        }
      };
      req.signal.addEventListener('abort', stop);
      unwatch = options.watch?.(() => stop()) ?? unwatch;
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // Tells nginx-style proxies not to buffer the stream.
      'x-accel-buffering': 'no',
    },
  });
}
