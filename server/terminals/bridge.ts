import WebSocket, { type RawData } from 'ws';
import { CLOSE_CODES, FLOW_WINDOW, parseClientMessage, type ServerMessage, type TerminalMode } from '@/lib/terminal-protocol';
import { toBuffer, type DaemonSession } from './daemon-session';
import { Coalescer } from './coalesce';
import { AckWindow, BUFFER_HIGH, BUFFER_LOW, FlowGate } from './flow';
import { keepAlive } from './keepalive';

/** How the session ended, for the audit log. */
export interface BridgeOutcome {
  /** The command's exit code (exec), when the daemon reported one. */
  exitCode: number | null;
  /** Why the session could not start or broke, in the daemon's words where it gave any. */
  error?: string;
  /** Which side ended it: the browser (left, or broke the protocol), the daemon, or Hangar (access ended). */
  endedBy: 'client' | 'daemon' | 'hangar';
}

const KEEPALIVE_MS = 30_000;
/** Output frames that arrive in one turn are joined, up to this size, before they go to the browser. */
const COALESCE_LIMIT = 64 * 1024;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A websocket close reason is limited to 123 bytes of UTF-8. */
function closeReason(message: string): string {
  let reason = message;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

/**
 * Joins a browser websocket to a daemon terminal session: bytes both ways, resize to the control
 * socket, the exit code back as `{"type":"exit"}`. Neither direction buffers without bound: the
 * side that reads stops while the other side's send buffer (or, for clients that acknowledge,
 * the unacknowledged output) is above its limit. When either side goes away the other is closed,
 * and the daemon kills the command. The returned `end` closes the terminal from Hangar's side.
 */
export function bridgeTerminal(
  browser: WebSocket,
  mode: TerminalMode,
  openSession: () => Promise<DaemonSession>,
  onEnd: (outcome: BridgeOutcome) => void,
): { end(message: string): void } {
  let session: DaemonSession | null = null;
  let ended = false;
  const early: { data: RawData; isBinary: boolean }[] = [];

  const acks = new AckWindow();
  let output: FlowGate | null = null;
  let input: FlowGate | null = null;

  const stopKeepalive = keepAlive(browser, KEEPALIVE_MS);

  const finish = (outcome: BridgeOutcome) => {
    if (ended) return;
    ended = true;
    stopKeepalive();
    onEnd(outcome);
  };

  const sendControl = (message: ServerMessage) => {
    if (browser.readyState === WebSocket.OPEN) browser.send(JSON.stringify(message));
  };

  const coalescer = new Coalescer((chunk) => {
    if (browser.readyState !== WebSocket.OPEN) return;
    acks.add(chunk.length);
    browser.send(chunk, { binary: true }, () => output?.update());
    output?.update();
  }, COALESCE_LIMIT);
  const flush = () => coalescer.flush();

  const fail = (message: string, endedBy: BridgeOutcome['endedBy'], code: number = CLOSE_CODES.daemonError) => {
    flush();
    sendControl({ type: 'error', message });
    if (browser.readyState === WebSocket.OPEN) browser.close(code, closeReason(message));
    browser.resume(); // paused while opening; the close handshake needs the browser's answer
    session?.hangUp();
    finish({ exitCode: null, error: message, endedBy });
  };

  // The daemon's output ended (or its socket dropped): report how the command ended, then close.
  const daemonEnded = async () => {
    if (ended || !session) return;
    flush();
    session.close();
    if (mode === 'console') {
      if (browser.readyState === WebSocket.OPEN) browser.close(1000, 'console detached');
      return finish({ exitCode: null, endedBy: 'daemon' });
    }
    try {
      const code = await session.exitCode();
      sendControl({ type: 'exit', code });
      if (browser.readyState === WebSocket.OPEN) browser.close(1000);
      finish({ exitCode: code, endedBy: 'daemon' });
    } catch (error) {
      fail(messageOf(error), 'daemon');
    }
  };

  const fromBrowser = (data: RawData, isBinary: boolean) => {
    if (!session || ended) return;
    if (isBinary) {
      session.input(data, () => input?.update());
      input?.update();
      return;
    }
    const parsed = parseClientMessage(toBuffer(data).toString('utf8'));
    if ('error' in parsed) return fail(parsed.error, 'client', CLOSE_CODES.protocolViolation);
    if ('ignored' in parsed) return;
    if (parsed.message.type === 'resize') session.resize(parsed.message.cols, parsed.message.rows);
    else {
      acks.ack(parsed.message.bytes);
      output?.update();
    }
  };

  const attach = (s: DaemonSession) => {
    session = s;
    output = new FlowGate(
      { pause: () => s.pauseOutput(), resume: () => s.resumeOutput() },
      () => browser.bufferedAmount > BUFFER_HIGH || acks.unacked > FLOW_WINDOW,
      () => browser.bufferedAmount < BUFFER_LOW && acks.unacked <= FLOW_WINDOW / 2,
    );
    input = new FlowGate(
      browser,
      () => s.inputBuffered > BUFFER_HIGH,
      () => s.inputBuffered < BUFFER_LOW,
    );
    s.onOutput({ data: (bytes) => coalescer.push(bytes), end: () => void daemonEnded() });
    browser.resume();
    for (const m of early.splice(0)) fromBrowser(m.data, m.isBinary);
  };

  // Until the daemon session is up, hold what the browser sends (typed-ahead keys, a resize).
  browser.pause();
  browser.on('message', (data, isBinary) => {
    if (session) fromBrowser(data, isBinary);
    else if (!ended) early.push({ data, isBinary });
  });
  browser.on('error', () => undefined);
  browser.on('close', () => {
    if (ended) return;
    if (!session) return; // still opening: handled once the session is up
    const s = session;
    s.hangUp();
    if (mode === 'console') return finish({ exitCode: null, endedBy: 'client' });
    // Report how the command ended for the audit log; the browser is gone.
    ended = true;
    stopKeepalive();
    s.exitCode().then(
      (code) => onEnd({ exitCode: code, endedBy: 'client' }),
      (error: unknown) => onEnd({ exitCode: null, error: messageOf(error), endedBy: 'client' }),
    );
  });

  openSession().then(
    (s) => {
      if (browser.readyState !== WebSocket.OPEN) {
        // The browser left while the session was opening: end the command at once.
        s.hangUp();
        return finish({ exitCode: null, endedBy: 'client' });
      }
      attach(s);
    },
    (error: unknown) => fail(messageOf(error), 'daemon'),
  );

  return {
    end(message) {
      if (ended) return;
      fail(message, 'hangar', CLOSE_CODES.accessEnded);
      // A client that never answers the close handshake is cut off.
      setTimeout(() => browser.terminate(), 1000).unref();
    },
  };
}
