/**
 * Terminal bridge cost, measured against the same exec over a direct daemon websocket from this
 * process with the client certificate Hangar stored: output throughput, keystroke echo latency,
 * and the server's memory with 50 terminals open.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import WebSocket from 'ws';
import type { LxdOperation } from '@/lib/lxd-types';
import { parseServerMessage } from '@/lib/terminal-protocol';
import { DaemonRegistry } from '../server/daemons/registry';
import { openDatabase } from '../server/db/database';
import type { LxdClient } from '../server/lxd/client';
import { Secrets } from '../server/secrets';
import { Api, registerLab, startHangar } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { ms, percentile, table } from './measure';

const OPEN_TERMINALS = 50;
const KEYSTROKES = 300;
const THROUGHPUT_COMMANDS = [
  // The example, scaled so a run takes seconds: busybox od itself is the slow part.
  'head -c 8388608 /dev/zero | od -v',
  // Raw bytes as fast as the pty gives them: the bridge's own ceiling.
  'head -c 67108864 /dev/zero',
];

/** One terminal, over either path, with the same surface. */
interface Term {
  send(bytes: string): void;
  onData(listener: (chunk: Buffer) => void): void;
  /** Resolves with the exit code when the command ends. */
  done: Promise<number | null>;
  close(): void;
}

function opened(ws: WebSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
}

async function directTerm(client: LxdClient, instance: string, command: string[]): Promise<Term> {
  const reply = await client.call<LxdOperation>('POST', `/1.0/instances/${instance}/exec`, {
    body: {
      command,
      interactive: true,
      'wait-for-websocket': true,
      width: 80,
      height: 24,
      environment: { TERM: 'xterm-256color' },
    },
  });
  const op = reply.body.metadata;
  const fds = op.metadata!.fds as Record<string, string>;
  const socket = (fd: string) => {
    const { url, options } = client.webSocket(`/1.0/operations/${op.id}/websocket?secret=${fds[fd]}`);
    return new WebSocket(url, { ...options, perMessageDeflate: false });
  };
  const control = socket('control');
  const data = socket('0');
  await Promise.all([opened(control), opened(data)]);
  const listeners: ((chunk: Buffer) => void)[] = [];
  const done = new Promise<number | null>((resolve) => {
    data.on('message', (m: Buffer, isBinary) => {
      if (isBinary || m.length > 0) return listeners.forEach((l) => l(m));
      data.close();
      control.close();
      client.waitOperation(op.id).then((o) => resolve((o.metadata as { return: number }).return), () => resolve(null));
    });
  });
  return {
    send: (bytes) => data.send(Buffer.from(bytes), { binary: true }),
    onData: (l) => listeners.push(l),
    done,
    close: () => {
      control.close();
      data.close();
    },
  };
}

async function bridgeTerm(base: string, token: string, daemonId: string, instance: string, command: string): Promise<Term> {
  const url = `${base.replace(/^http/, 'ws')}/api/v1/daemons/${daemonId}/instances/${instance}/terminal?command=${encodeURIComponent(command)}`;
  const ws = new WebSocket(url, { headers: { authorization: `Bearer ${token}` }, perMessageDeflate: false });
  await opened(ws);
  const listeners: ((chunk: Buffer) => void)[] = [];
  const done = new Promise<number | null>((resolve) => {
    ws.on('message', (m: Buffer, isBinary) => {
      if (isBinary) return listeners.forEach((l) => l(m));
      const message = parseServerMessage(m.toString());
      if (message?.type === 'exit') resolve(message.code);
      if (message?.type === 'error') resolve(null);
    });
    ws.on('close', () => resolve(null));
  });
  return { send: (bytes) => ws.send(Buffer.from(bytes), { binary: true }), onData: (l) => listeners.push(l), done, close: () => ws.close() };
}

/** Bytes per second of a command's whole output, from open to exit. */
async function throughput(open: () => Promise<Term>): Promise<{ bytes: number; mbPerSecond: number }> {
  const started = performance.now();
  const term = await open();
  let bytes = 0;
  term.onData((chunk) => (bytes += chunk.length));
  const code = await term.done;
  if (code !== 0) throw new Error(`the throughput command ended with ${code}`);
  const seconds = (performance.now() - started) / 1000;
  return { bytes, mbPerSecond: bytes / 1e6 / seconds };
}

/** Time from sending one key to the first output after it (the pty's echo), per key. */
async function echoLatencies(term: Term, keys: number): Promise<number[]> {
  let waiting: (() => void) | null = null;
  term.onData(() => waiting?.());
  const samples: number[] = [];
  for (let i = 0; i < keys; i++) {
    // Alternate a letter and DEL so cat's line never grows.
    const key = i % 2 === 0 ? 'a' : '\x7f';
    const echoed = new Promise<void>((resolve) => (waiting = resolve));
    const t = performance.now();
    term.send(key);
    await echoed;
    samples.push(performance.now() - t);
    waiting = null;
    await new Promise((r) => setTimeout(r, 2));
  }
  return samples;
}

/** The resident memory of the Hangar process started with this data dir. */
function hangarRss(dataDir: string): number {
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('.hangar/server.cjs')) continue;
      if (!fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`HANGAR_DATA_DIR=${dataDir}`)) continue;
      const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (kb) return Number(kb[1]) * 1024;
    } catch {
      /* the process went away */
    }
  }
  throw new Error('could not find the Hangar process');
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export async function main(): Promise<void> {
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const { alpha } = await registerLab(api, ['alpha']);
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  const instance = uniqueName('bench-term');
  const token = api.token!;
  try {
    cli('alpha', ['launch', 'busybox', instance]);
    const atStart = hangarRss(hangar.dataDir);
    const direct = registry.client(await registry.row(alpha.id));
    const viaDirect = (command: string) => () => directTerm(direct, instance, ['/bin/sh', '-c', command]);
    const viaBridge = (command: string) => () => bridgeTerm(hangar.url, token, alpha.id, instance, command);

    console.log(`\nTerminal output throughput on alpha (LXD 5.0.2), best of 2, from open to exit`);
    const rows: (string | number)[][] = [['command', 'output', 'direct', 'bridge', 'bridge/direct']];
    for (const command of THROUGHPUT_COMMANDS) {
      const d: number[] = [];
      const b: number[] = [];
      let bytes = 0;
      for (let run = 0; run < 2; run++) {
        const dr = await throughput(viaDirect(command));
        const br = await throughput(viaBridge(command));
        d.push(dr.mbPerSecond);
        b.push(br.mbPerSecond);
        bytes = br.bytes;
      }
      const best = (v: number[]) => Math.max(...v);
      rows.push([command, mb(bytes), `${best(d).toFixed(1)} MB/s`, `${best(b).toFixed(1)} MB/s`, `${((best(b) / best(d)) * 100).toFixed(0)} %`]);
    }
    console.log(table(rows));

    console.log(`\nKeystroke echo latency (cat in a pty, ${KEYSTROKES} keys each, interleaved)`);
    const directCat = await viaDirect('exec cat')();
    const bridgeCat = await viaBridge('cat')();
    await echoLatencies(directCat, 20);
    await echoLatencies(bridgeCat, 20);
    const d: number[] = [];
    const b: number[] = [];
    for (let round = 0; round < 10; round++) {
      d.push(...(await echoLatencies(directCat, KEYSTROKES / 10)));
      b.push(...(await echoLatencies(bridgeCat, KEYSTROKES / 10)));
    }
    directCat.close();
    bridgeCat.close();
    console.log(
      table([
        ['path', 'median', 'p95'],
        ['direct', ms(percentile(d, 50)), ms(percentile(d, 95))],
        ['bridge', ms(percentile(b, 50)), ms(percentile(b, 95))],
        ['added', ms(percentile(b, 50) - percentile(d, 50)), ms(percentile(b, 95) - percentile(d, 95))],
      ]),
    );

    console.log(`\nServer memory (RSS of the Hangar process) with ${OPEN_TERMINALS} terminals open`);
    await new Promise((r) => setTimeout(r, 1000));
    const before = hangarRss(hangar.dataDir);
    const terms = await Promise.all(
      Array.from({ length: OPEN_TERMINALS }, async () => {
        const term = await viaBridge('')();
        await new Promise<void>((resolve) => term.onData((c) => c.includes('# ') && resolve()));
        return term;
      }),
    );
    const open = hangarRss(hangar.dataDir);
    for (const term of terms) term.close();
    await Promise.all(terms.map((t) => t.done));
    await new Promise((r) => setTimeout(r, 1000));
    const after = hangarRss(hangar.dataDir);
    console.log(
      table([
        ['at start', 'before (after the runs above)', `${OPEN_TERMINALS} open`, 'per terminal', 'after closing'],
        [mb(atStart), mb(before), mb(open), `${((open - before) / OPEN_TERMINALS / 1024).toFixed(0)} KiB`, mb(after)],
      ]),
    );
  } finally {
    forceDelete('alpha', instance);
    registry.closeAll();
    await db.destroy();
    await api.request('DELETE', `/api/v1/daemons/${alpha.id}`);
    await hangar.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
