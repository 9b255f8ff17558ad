import type http from 'node:http';

/** A reply that has all arrived by then is sent whole; past this size it is streamed as it comes. */
export const WHOLE_REPLY_LIMIT = 256 * 1024;
/**
 * How long after its first bytes a reply may take to end and still be sent whole. The daemons'
 * last chunk usually comes a read or two after the first (the profile showed most replies missing
 * a wait of one event-loop turn); a reply still coming after this is streamed, so only the first
 * bytes of a long download wait this long, never its end.
 */
export const WHOLE_REPLY_WAIT_MS = 25;

/**
 * Sends a daemon's reply whole, with its length, in one write, when it has ended within
 * WHOLE_REPLY_WAIT_MS of its first bytes (nearly every API reply): LXD and Incus answer
 * chunked, and piping that costs a second write (the last chunk's marker) per reply, which at
 * loopback speeds was the gateway's largest single cost. A reply still coming then, or larger than
 * WHOLE_REPLY_LIMIT, is streamed from there on with back-pressure, so downloads and slow replies
 * behave as before. Not for HEAD or body-less statuses, whose length header is the daemon's to give.
 */
export function sendWhole(up: http.IncomingMessage, res: http.ServerResponse, status: number, headers: http.OutgoingHttpHeaders): void {
  if (status === 204 || status === 304 || (status >= 100 && status < 200)) {
    res.writeHead(status, headers);
    up.pipe(res);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const stream = () => {
    up.off('data', collect);
    up.off('end', whole);
    clearTimeout(timer);
    res.writeHead(status, headers);
    for (const chunk of chunks) res.write(chunk);
    up.pipe(res);
  };
  const collect = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size > WHOLE_REPLY_LIMIT) stream();
    else timer ??= setTimeout(stream, WHOLE_REPLY_WAIT_MS);
  };
  const whole = () => {
    clearTimeout(timer);
    res.writeHead(status, { ...headers, 'content-length': size });
    res.end(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
  };
  up.on('data', collect);
  up.on('end', whole);
}
