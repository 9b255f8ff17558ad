/**
 * Malformed input, measured (issue 10): thousands of broken requests across every route of
 * Hangar's own and a catalogue of gateway paths, through fetch-like clients and raw sockets.
 * Counts responses ≥ 500 that Hangar produced itself (a daemon's own error envelope, forwarded by
 * the gateway, is the daemon's), checks the server neither crashed nor logged an uncaught error,
 * and compares its resident memory before and after.
 *
 * Destructive requests only ever name things that do not exist: the lab is shared.
 */
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { Api, registerLab, startHangar, userWithRole } from '../tests/support/hangar';
import { processUsage, runLoad, table } from './measure';

const CONCURRENCY = 8;
const MiB = 1024 * 1024;

interface Probe {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Sent chunked, without Content-Length. */
  chunked?: boolean;
}

interface Outcome {
  status: number;
  hangarError: boolean;
  label: string;
}

/** A small deterministic PRNG, so two runs send the same requests. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every `app/api/**\/route.ts` as a path pattern like `/api/v1/daemons/[id]/instances/[name]/limits`. */
function routePatterns(): string[] {
  const root = path.resolve(__dirname, '../app/api');
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') out.push('/api' + path.relative(root, dir).split(path.sep).map((s) => `/${s}`).join(''));
    }
  };
  walk(root);
  return out.sort();
}

const BAD_SEGMENTS = ['%FF', '%', '%E0%A4%A', '..', '%2e%2e', '%00', 'a'.repeat(5000), '\u202Eevil', '%C0%AF', 'ÿ', '%25', '{}', 'fuzz-no-such-thing'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND'];
const FIELDS = ['username', 'password', 'role', 'name', 'url', 'limits', 'scope', 'targets', 'from', 'to', 'currentPassword', 'newPassword', 'expiresInDays', 'expiresAt', 'disabled', 'trustToken', 'fingerprint', 'description'];
const VALUES: unknown[] = [null, {}, [], 1e308, -1, true, '', 'x'.repeat(70_000), '\u0000\u202E\n', { __proto__: { admin: true } }, [[[[]]]], '%FF', 'javascript:alert(1)'];

/** Built once: the large ones are shared by every probe that picks them. */
const FIXED_BODIES: { body: string | Buffer; type: string; chunked?: boolean }[] = [
  { body: '{', type: 'application/json' },
  { body: '[]', type: 'application/json' },
  { body: 'null', type: 'application/json' },
  { body: '"a string"', type: 'application/json' },
  { body: '{"a":' + '['.repeat(6000) + ']'.repeat(6000) + '}', type: 'application/json' },
  { body: JSON.stringify({ pad: 'x'.repeat(2 * MiB) }), type: 'application/json' },
  { body: Buffer.alloc(2 * MiB, 'x'), type: 'application/json', chunked: true },
  { body: Buffer.from([0xff, 0xfe, 0x00, 0x7b]), type: 'application/json' },
  { body: 'a=b&c=%FF', type: 'application/x-www-form-urlencoded' },
  { body: Buffer.alloc(4096, 1), type: 'application/octet-stream' },
  { body: '{}', type: 'text/plain' },
];

/** One of the fixed bodies, or an object of Hangar's field names with values of the wrong kind. */
function body(random: () => number): { body: string | Buffer; type: string; chunked?: boolean } {
  const i = Math.floor(random() * (FIXED_BODIES.length + 4));
  if (i < FIXED_BODIES.length) return FIXED_BODIES[i];
  const confused = Object.fromEntries(FIELDS.map((f) => [f, VALUES[Math.floor(random() * VALUES.length)]]));
  return { body: JSON.stringify(confused), type: 'application/json' };
}

function probes(patterns: string[], tokens: { admin: string; viewer: string }, daemonId: string): Probe[] {
  const random = prng(10);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const auths: Record<string, string>[] = [
    { authorization: `Bearer ${tokens.admin}` },
    { authorization: `Bearer ${tokens.viewer}` },
    {},
    { authorization: 'Bearer hgr_%%%' },
    { authorization: 'Basic ' + 'A'.repeat(3000) },
    { cookie: 'hangar.session=%' },
    { cookie: 'hangar.session=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..x.y.z' },
    { authorization: `Bearer ${tokens.admin}`, origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' },
  ];
  const out: Probe[] = [];
  for (const pattern of patterns) {
    for (const method of METHODS) {
      for (let variant = 0; variant < 7; variant++) {
        const segment = pick(BAD_SEGMENTS);
        const p = pattern.replace(/\[\.\.\.[^\]]+\]/g, segment).replace(/\[[^\]]+\]/g, () => (random() < 0.5 ? segment : pick(BAD_SEGMENTS)));
        const query = pick(['', '?project=%FF', '?limit=-1&since=abc', '?daemon=' + 'x'.repeat(3000), '?minutes=1e309', '?format=csv&action=%27', '?q=%00']);
        const probe: Probe = { method, path: p + query, headers: { ...pick(auths) } };
        if (!['GET', 'HEAD', 'OPTIONS', 'TRACE'].includes(method)) {
          const b = body(random);
          probe.body = b.body;
          probe.headers['content-type'] = b.type;
          probe.chunked = b.chunked;
        }
        out.push(probe);
      }
    }
  }
  // The gateway: reads with broken paths for anyone; writes only by a viewer (refused by policy) or
  // with bodies no daemon can act on, and always against names that do not exist.
  const gatewayPaths = [
    '/1.0', '/1.0/instances', '/1.0/instances/fuzz-none/state', '/1.0/instances/fuzz-none/logs/lxc.con%66',
    '/1.0/containers/fuzz-none', '/1.0/operations/%FF', '/1.0/images/%2e%2e/export', '/1.0/instances/fuzz-none/files?path=/etc/%00',
    '/1.0/storage-pools/default/volumes/custom/fuzz-none/backups', '/1.0//instances', '/1.0/./instances', '/2.0/x', '/1.0/instances/%ZZ',
  ];
  for (const gp of gatewayPaths) {
    for (const method of METHODS) {
      for (let variant = 0; variant < 4; variant++) {
        const write = !['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND'].includes(method);
        const who: Record<string, string> = write ? pick<Record<string, string>>([{ authorization: `Bearer ${tokens.viewer}` }, {}, { cookie: 'hangar.session=%' }]) : pick(auths);
        const probe: Probe = { method, path: `/api/v1/daemons/${random() < 0.8 ? daemonId : pick(BAD_SEGMENTS)}/lxd${gp}`, headers: { ...who } };
        if (write) {
          const b = body(random);
          probe.body = b.body;
          probe.headers['content-type'] = b.type;
          probe.chunked = b.chunked;
        }
        out.push(probe);
      }
    }
  }
  // Admin writes through the gateway, with bodies that are not JSON any daemon would accept.
  for (const method of ['PUT', 'PATCH', 'POST', 'DELETE']) {
    for (const body of ['{', '{"a":' + '['.repeat(3000), JSON.stringify({ pad: 'x'.repeat(9 * MiB) })]) {
      out.push({
        method,
        path: `/api/v1/daemons/${daemonId}/lxd/1.0/instances/fuzz-none-${method.toLowerCase()}`,
        headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json' },
        body,
      });
    }
  }
  // Pages and next-auth's own routes.
  for (const p of ['/login?error=%FF', '/login?callbackUrl=//evil.example', '/share/%FF', '/instances/%', '/api/auth/session', '/api/auth/callback/credentials', '/api/auth/%FF']) {
    for (const method of ['GET', 'POST', 'TRACE']) out.push({ method, path: p, headers: pick(auths), body: method === 'POST' ? '%%%=&&' : undefined });
  }
  return out;
}

/** Requests no HTTP client library will send: written byte for byte on a socket. */
const RAW: string[] = [
  'GET * HTTP/1.1\r\nHost: x\r\n\r\n',
  'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET http://evil.example/api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET //evil.example/ HTTP/1.1\r\nHost: x\r\n\r\n',
  'GARBAGE\r\n\r\n',
  'GET /api/v1/health\r\n\r\n',
  'GET /api/v1/health HTTP/2.0\r\nHost: x\r\n\r\n',
  'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
  'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX: a\r\n b\r\n\r\n',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n3\r\n{}}\r\n0\r\n\r\n',
  'POST /api/v1/auth/token HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\nContent-Type: application/json\r\n\r\n{',
  'GET /api/v1/health\u0000 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/v1/users/\u00ff HTTP/1.1\r\nHost: x\r\n\r\n',
  `GET /api/v1/health?${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
  `GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(40_000)}\r\n\r\n`,
  'CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443\r\n\r\n',
  'FROB /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n',
  'TRACE /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n',
  'GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/v1/nope HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/v1/me HTTP/1.1\r\nHost: x\r\nCookie: hangar.session=%; %=%\r\n\r\n',
  'GET /api/v1/daemons/%FF/lxd/1.0 HTTP/1.1\r\nHost: x\r\n\r\n',
  'GET /api/v1/events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: %FF\r\n\r\n',
  'GET /api/v1/daemons/x/instances/y/terminal HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n',
  'GET /api/v1/daemons/x/instances/%FF/terminal?mode=%FF HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n',
  'DELETE /api/v1/users/%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n',
];

function send(base: URL, probe: Probe): Promise<Outcome> {
  // node's client refuses to send some of these paths (bidi, raw bytes): they go byte for byte instead.
  if (/[^\x21-\x7e]/.test(probe.path)) {
    const body = probe.body === undefined ? Buffer.alloc(0) : Buffer.from(probe.body);
    const headers = Object.entries({ host: base.host, ...probe.headers, 'content-length': String(body.length) })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    return sendRaw(base, `${probe.method} ${probe.path} HTTP/1.1\r\n${headers}\r\n${body.toString('latin1')}`);
  }
  return new Promise((resolve) => {
    const headers = { ...probe.headers };
    if (probe.chunked) headers['transfer-encoding'] = 'chunked';
    const req = http.request({ host: base.hostname, port: base.port, method: probe.method, path: probe.path, headers, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const status = res.statusCode ?? 0;
        const body = Buffer.concat(chunks).toString('utf8');
        // A daemon's own error, forwarded unchanged by the gateway: {"type":"error","error_code":…}.
        // A bodiless 501 on the gateway is a daemon's answer to HEAD: Hangar itself never answers 501.
        const fromDaemon =
          (/"type"\s*:\s*"error"/.test(body) && /"error_code"/.test(body)) || (status === 501 && probe.path.includes('/lxd/'));
        resolve({ status, hangarError: status >= 500 && !fromDaemon, label: `${probe.method} ${probe.path.slice(0, 100)}` });
        res.destroy();
      };
      // Event streams never end: the status and the first bytes are all a probe needs.
      const timer = setTimeout(settle, 3000);
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        if (chunks.length >= 16) settle();
      });
      res.on('end', settle);
      res.on('error', settle);
      res.on('close', settle);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: -1, hangarError: false, label: `${probe.method} ${probe.path.slice(0, 100)}: ${error.message}` }));
    req.end(probe.body);
  });
}

function sendRaw(base: URL, text: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(base.port), base.hostname);
    let received = '';
    const done = () => {
      socket.destroy();
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1] ?? 0);
      resolve({ status, hangarError: status >= 500, label: `raw ${JSON.stringify(text.slice(0, 60))}` });
    };
    socket.setTimeout(5000, done);
    socket.on('data', (c: Buffer) => {
      received += c.toString('latin1');
      if (received.length > 16_384) done();
    });
    socket.on('end', done);
    socket.on('error', done);
    socket.on('connect', () => socket.write(Buffer.from(text, 'utf8')));
  });
}

export async function main(): Promise<void> {
  const hangar = await startHangar();
  const base = new URL(hangar.url);
  const admin = await Api.login(hangar.url);
  const { alpha } = await registerLab(admin, ['alpha']);
  const viewer = await userWithRole(admin, 'viewer', 'fuzzviewer');
  try {
    // Warm up: the pages and routes compile and cache on first use, which is not a leak.
    const warm = await Api.login(hangar.url);
    await runLoad(async () => void (await warm.request('GET', '/api/v1/daemons')), 200, CONCURRENCY);
    for (const p of routePatterns()) await rawSendIgnore(base, p);
    await new Promise((r) => setTimeout(r, 3000));
    const before = processUsage(hangar.pid).rssBytes;

    const list = probes(routePatterns(), { admin: admin.token!, viewer: viewer.token! }, alpha.id);
    console.log(`fuzz: ${list.length} requests over ${routePatterns().length} route patterns, then ${RAW.length * 3} raw-socket ones, per pass`);
    const outcomes: Outcome[] = [];
    const pass = async () => {
      let next = 0;
      await runLoad(
        async () => {
          const probe = list[next++ % list.length];
          outcomes.push(await send(base, probe));
          if (outcomes.length % 1000 === 0) console.log(`  ${outcomes.length} sent`);
        },
        list.length,
        CONCURRENCY,
      );
      for (let round = 0; round < 3; round++) for (const text of RAW) outcomes.push(await sendRaw(base, text));
    };
    // The first pass also warms up (every route compiled, every body size seen once): memory is
    // compared across the second, identical one, so a leak shows and a first-use high-water mark does not.
    const passes = Math.max(2, Number(process.env.FUZZ_PASSES ?? 2));
    const rssAfter: number[] = [];
    for (let i = 0; i < passes; i++) {
      if (i > 0) rssAfter.push(processUsage(hangar.pid).rssBytes);
      await pass();
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const afterFirst = rssAfter[rssAfter.length - 1];
    let alive = true;
    try {
      process.kill(hangar.pid, 0);
    } catch {
      alive = false;
    }
    const health = alive ? (await fetch(`${hangar.url}/api/v1/health`).catch(() => undefined))?.status : undefined;
    const after = alive ? processUsage(hangar.pid).rssBytes : 0;
    const hangar5xx = outcomes.filter((o) => o.hangarError);
    const daemon5xx = outcomes.filter((o) => o.status >= 500 && !o.hangarError);
    const noAnswer = outcomes.filter((o) => o.status <= 0);
    const byClass = new Map<string, number>();
    for (const o of outcomes) {
      const key = o.status <= 0 ? 'closed/none' : `${Math.floor(o.status / 100)}xx`;
      byClass.set(key, (byClass.get(key) ?? 0) + 1);
    }
    const log = hangar.log();
    const uncaught = (log.match(/uncaught exception|unhandled rejection/g) ?? []).length;
    const unexpected = (log.match(/unexpected error/g) ?? []).length;

    console.log(
      table([
        ['measure', 'value'],
        ['requests sent (raw socket included)', outcomes.length],
        ['route patterns covered', routePatterns().length],
        ['responses by class', [...byClass].map(([k, v]) => `${k}: ${v}`).join(', ')],
        ['responses ≥ 500 from Hangar itself', hangar5xx.length],
        ['responses ≥ 500 forwarded from a daemon', daemon5xx.length],
        ['no answer / connection closed', noAnswer.length],
        ['server alive, health status', `${alive}, ${health}`],
        ['uncaught exceptions logged', uncaught],
        ['"unexpected error" (500) logged', unexpected],
        ['RSS after warm-up, before any fuzz (MiB)', (before / MiB).toFixed(1)],
        ['RSS 10 s after each pass (MiB)', [...rssAfter, after].map((r) => (r / MiB).toFixed(1)).join(', ')],
        ['RSS last pass after / before it', (after / afterFirst).toFixed(3)],
      ]),
    );
    for (const o of hangar5xx.slice(0, 20)) console.log(`  5xx ${o.status} ${o.label}`);
    for (const o of noAnswer.slice(0, 10)) console.log(`  no answer: ${o.label}`);
    if (unexpected || uncaught) console.log(log.split('\n').filter((l) => /unexpected error|uncaught|unhandled/.test(l)).slice(0, 10).join('\n'));
  } finally {
    await admin.request('DELETE', `/api/v1/daemons/${alpha.id}`).catch(() => undefined);
    await hangar.stop();
  }
}

/** One plain GET, to have Next compile a route before the baseline is taken. */
function rawSendIgnore(base: URL, p: string): Promise<void> {
  return new Promise((resolve) => {
    const req = http.get({ host: base.hostname, port: base.port, path: p.replace(/\[[^\]]+\]/g, 'x') }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', () => resolve());
  });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
