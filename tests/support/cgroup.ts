import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Reads the kernel's own cgroup files for a process, the ground truth that a limit landed.
 * Handles cgroup v1 (one hierarchy per controller, as on this machine's hybrid layout) and the
 * unified v2 hierarchy (mounted at /sys/fs/cgroup, or /sys/fs/cgroup/unified in hybrid mode).
 */
const ROOT = '/sys/fs/cgroup';
/** v1 reports "no limit" as the largest page-aligned 64-bit value. */
const V1_UNLIMITED = 2 ** 62;

type Controller = 'memory' | 'pids' | 'cpuset' | 'blkio' | 'cpuacct';
const V2_FILES: Record<string, string> = {
  'memory.limit_in_bytes': 'memory.max',
  'pids.max': 'pids.max',
  'cpuset.cpus': 'cpuset.cpus.effective',
  'cpuacct.usage': 'cpu.stat',
};

/** The container's own cgroup: its init may sit in a child (e.g. init.scope) of lxc.payload.<name>. */
function payloadPath(path: string): string {
  const match = /^(.*?\/lxc\.payload\.[^/]+)/.exec(path);
  return match ? match[1] : path;
}

function lines(pid: number): { hierarchy: string; controllers: string[]; path: string }[] {
  return fs
    .readFileSync(`/proc/${pid}/cgroup`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [hierarchy, controllers, ...rest] = line.split(':');
      return { hierarchy, controllers: controllers ? controllers.split(',') : [], path: rest.join(':') };
    });
}

/** The path of a v1 file for a controller, or of the matching v2 file when the controller is not on v1. */
export function cgroupFile(pid: number, controller: Controller, v1File: string): string {
  const all = lines(pid);
  const v1 = all.find((l) => l.controllers.includes(controller));
  if (v1) return `${ROOT}/${controller}${payloadPath(v1.path)}/${v1File}`;
  const unified = all.find((l) => l.hierarchy === '0' && l.controllers.length === 0);
  if (!unified) throw new Error(`process ${pid} has no ${controller} cgroup`);
  const base = fs.existsSync(`${ROOT}/unified/cgroup.controllers`) ? `${ROOT}/unified` : ROOT;
  const v2File = V2_FILES[v1File] ?? (controller === 'blkio' ? 'io.max' : v1File);
  return `${base}${payloadPath(unified.path)}/${v2File}`;
}

function read(pid: number, controller: Controller, v1File: string): string {
  return fs.readFileSync(cgroupFile(pid, controller, v1File), 'utf8').trim();
}

const PAGE_SIZE = Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;

/** The kernel keeps a memory limit in whole pages, rounded down: 200MB is held as 199999488. */
export function asKernelHoldsMemory(bytes: number): number {
  return Math.floor(bytes / PAGE_SIZE) * PAGE_SIZE;
}

/** Bytes, or null for no limit. */
export function memoryLimit(pid: number): number | null {
  const value = read(pid, 'memory', 'memory.limit_in_bytes');
  return value === 'max' || Number(value) >= V1_UNLIMITED ? null : Number(value);
}

/** Processes, or null for no limit. */
export function pidsMax(pid: number): number | null {
  const value = read(pid, 'pids', 'pids.max');
  return value === 'max' ? null : Number(value);
}

/** The CPUs the cgroup may run on, as the kernel writes them ("0-1", "1"). */
export function cpusetCpus(pid: number): string {
  return read(pid, 'cpuset', 'cpuset.cpus');
}

/** Read limit in bytes per second on any device, or null when none is set. */
export function readBpsLimit(pid: number): number | null {
  const text = read(pid, 'blkio', 'blkio.throttle.read_bps_device');
  const v1 = /^\d+:\d+ (\d+)$/m.exec(text);
  if (v1) return Number(v1[1]);
  const v2 = /rbps=(\d+)/.exec(text);
  return v2 ? Number(v2[1]) : null;
}

/** CPU time the cgroup has used, in nanoseconds (the counter the daemons report as cpu.usage). */
export function cpuUsageNs(pid: number): number {
  const text = read(pid, 'cpuacct', 'cpuacct.usage');
  const v2 = /^usage_usec (\d+)$/m.exec(text);
  return v2 ? Number(v2[1]) * 1000 : Number(text);
}
