/**
 * What the relay costs, each side alone (not part of `npm run bench`): a stopped container with
 * HANGAR_PROBE_MB (default 200) of random data on alpha, one uncompressed backup of it, then
 *   download → nothing through Hangar's LxdClient, and on a raw TLS socket (no HTTP parser);
 *   relay() from alpha's export into gamma's import, to gamma's answer;
 * each with this process's CPU, the time its main thread waited for a CPU (runnable, not running), and
 * the daemons' CPU. A client certificate of its own is trusted on alpha and gamma for the run and
 * removed after, with everything it made. Run: npx tsx bench/relay-probe.ts
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { LxdClient } from '../server/lxd/client';
import { relay } from '../server/copy/relay';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { labEnvironment } from '../scripts/lab-register';
import { treeCpuSeconds } from './measure';

const MB = Number(process.env.HANGAR_PROBE_MB || 200);

/** Seconds the main thread (where TLS and the streams run) ran and waited for a CPU (Linux schedstat). */
function sched(): { run: number; wait: number } {
  const [run, wait] = fs.readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { run: run / 1e9, wait: wait / 1e9 };
}

async function measure(label: string, pids: number[], fn: () => Promise<number>): Promise<void> {
  const s0 = sched();
  const d0 = pids.map(treeCpuSeconds);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const bytes = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  const d = pids.map((p, i) => treeCpuSeconds(p) - d0[i]);
  const s1 = sched();
  console.log(
    `${label}: ${seconds.toFixed(2)} s, ${(bytes / 1e6 / seconds).toFixed(0)} MB/s; CPU ${((c.user + c.system) / 1e6).toFixed(2)} s, ` +
      `main thread waited for a CPU ${(s1.wait - s0.wait).toFixed(2)} s; alpha CPU ${d[0].toFixed(2)} s, gamma ${d[1].toFixed(2)} s; load ${os.loadavg()[0].toFixed(1)}`,
  );
}

async function main(): Promise<void> {
  const env = labEnvironment();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'relay-probe-'));
  const { privateKey } = crypto.generateKeyPairSync('ec', { namedCurve: 'P-384' });
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  fs.writeFileSync(`${dir}/client.key`, key);
  const name = uniqueName('relayprobe');
  // openssl makes the self-signed certificate (node:crypto cannot sign one).
  execFileSync('openssl', ['req', '-x509', '-new', '-key', `${dir}/client.key`, '-days', '1', '-subj', `/CN=${name}`, '-out', `${dir}/client.crt`]);
  const cert = fs.readFileSync(`${dir}/client.crt`, 'utf8');
  const fingerprint = new crypto.X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase();
  const made: string[] = [];
  try {
    cli('alpha', ['config', 'trust', 'add', `${dir}/client.crt`]);
    cli('gamma', ['config', 'trust', 'add-certificate', `${dir}/client.crt`, '--name', name]);
    const serverCert = (daemon: 'alpha' | 'gamma') => (JSON.parse(cli(daemon, ['query', '/1.0'])) as { environment: { certificate: string } }).environment.certificate;
    const client = (url: string, pem: string) =>
      new LxdClient({ url, serverCert: pem, fingerprint: new crypto.X509Certificate(pem).fingerprint256, clientCert: cert, clientKey: key });
    const [alphaCert, gammaCert] = [serverCert('alpha'), serverCert('gamma')];
    const alpha = client(env.HANGAR_LAB_ALPHA_URL, alphaCert);
    const gamma = client(env.HANGAR_LAB_GAMMA_URL, gammaCert);
    const pids = ['alpha', 'gamma'].map((n) => Number(fs.readFileSync(`${env.HANGAR_LAB_DIR}/${n}.pid`, 'utf8').trim()));

    cli('alpha', ['launch', 'busybox', name]);
    cli('alpha', ['exec', name, '--', 'sh', '-c', `dd if=/dev/urandom of=/root/data bs=1M count=${MB} 2>/dev/null`]);
    cli('alpha', ['stop', '--force', name]);
    cli('alpha', ['query', '-X', 'POST', '--wait', `/1.0/instances/${name}/backups`, '-d', JSON.stringify({ name: 'probe', compression_algorithm: 'none', optimized_storage: false, instance_only: true })]);
    const exportPath = `/1.0/instances/${name}/backups/probe/export`;

    await measure('download → nothing (http)', pids, () =>
      new Promise((resolve, reject) => {
        const req = alpha.rawRequest(alpha.requestOptions('GET', exportPath, {}, 'bulk'));
        req.on('error', reject);
        req.on('response', (res) => {
          let n = 0;
          res.on('data', (c: Buffer) => (n += c.length));
          res.on('end', () => resolve(n));
        });
        req.end();
      }),
    );
    await measure('download → nothing (raw TLS socket)', pids, async () => {
      const { port, hostname } = new URL(env.HANGAR_LAB_ALPHA_URL);
      const socket = tls.connect({ host: hostname, port: Number(port), ca: alphaCert, cert, key, checkServerIdentity: () => undefined, minVersion: 'TLSv1.3' });
      socket.write(`GET ${exportPath} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
      let n = 0;
      socket.on('data', (c: Buffer) => (n += c.length));
      await new Promise((resolve, reject) => socket.on('end', resolve).on('error', reject));
      return n;
    });
    const target = `${name}-copy`;
    made.push(target);
    let operation = '';
    await measure("relay() export → import, to the target's answer", pids, async () => {
      const relayed = await relay({ source: alpha, from: exportPath, target: gamma, to: '/1.0/instances', headers: { 'x-incus-name': target } });
      operation = relayed.operation;
      return relayed.bytes;
    });
    await gamma.waitOperation(operation);
    alpha.close();
    gamma.close();
  } finally {
    for (const n of made) forceDelete('gamma', n);
    forceDelete('alpha', name);
    try {
      cli('alpha', ['config', 'trust', 'remove', fingerprint]);
    } catch (error) {
      console.error('removing the probe certificate from alpha:', (error as Error).message);
    }
    try {
      cli('gamma', ['config', 'trust', 'remove', fingerprint]);
    } catch (error) {
      console.error('removing the probe certificate from gamma:', (error as Error).message);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
