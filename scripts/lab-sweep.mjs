#!/usr/bin/env node
// Removes what killed test runs left behind on the lab daemons (scripts/lab.sh up runs it).
//
// Only names made by tests/support/lab.ts `uniqueName` (`<prefix>-<Date.now() in base 36>-<n>`,
// possibly with a suffix such as `-copy`) are considered, and only when that embedded time is
// older than HANGAR_LAB_SWEEP_AGE_H hours (default 2): tests running right now on the same lab
// make younger names, so they are never touched. Instances (stopped first; a broken one the
// daemon cannot delete is removed from its database), custom volumes, network ACLs, networks,
// profiles and projects, in that order, on every project of alpha, beta and gamma; then the host's
// veth pairs that tests made (see HOST_LINK).
//
//   node scripts/lab-sweep.mjs [--dry-run]     (as root, with HANGAR_LAB_DIR like lab.sh)
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { HOST_LINK, hostLinkAge, shortStamp } from './host-link.cjs';

export { HOST_LINK, hostLinkAge, shortStamp };

const LAB = path.resolve(process.env.HANGAR_LAB_DIR || '/var/lib/hangar-lab');
const AGE_MS = Number(process.env.HANGAR_LAB_SWEEP_AGE_H || 2) * 3600_000;
const DRY = process.argv.includes('--dry-run');
/** uniqueName's times are after this: older "times" are words that only look like base 36. */
const EARLIEST = Date.UTC(2025, 0, 1);
const STAMP = /^[a-z][a-z0-9-]*?-([0-9a-z]{8})-[0-9a-z]{1,4}(?=-|$)/gi;

/** The time a test name was made, or null for a name no test made. */
export function madeAt(name, now = Date.now()) {
  for (const m of name.matchAll(STAMP)) {
    const t = parseInt(m[1], 36);
    if (t >= EARLIEST && t <= now) return t;
  }
  return null;
}

export function isStale(name, now = Date.now(), ageMs = AGE_MS) {
  const t = madeAt(name, now);
  return t !== null && now - t > ageMs;
}

export function isStaleLink(name, now = Date.now(), ageMs = AGE_MS) {
  const age = hostLinkAge(name, now);
  return age !== null && age > ageMs;
}

/** Veth pairs that create.test.ts makes as macvlan parents: deleting one end removes both. */
function sweepHostLinks(now) {
  let links;
  try {
    links = JSON.parse(execFileSync('ip', ['-j', 'link', 'show', 'type', 'veth'], { encoding: 'utf8' }));
  } catch (e) {
    return console.log(`[sweep] host: skipped veth pairs: ${words(e)}`);
  }
  const seen = new Set();
  for (const { ifname } of links) {
    if (!isStaleLink(ifname, now) || seen.has(ifname.slice(0, -1))) continue;
    seen.add(ifname.slice(0, -1));
    remove({ name: 'host' }, 'veth pair ', ifname, () => execFileSync('ip', ['link', 'delete', ifname], { stdio: 'pipe' }));
  }
}

const DAEMONS = [
  { name: 'alpha', kind: 'lxd', dir: 'alpha' },
  { name: 'beta', kind: 'lxd', dir: 'beta1' },
  { name: 'gamma', kind: 'incus', dir: 'gamma' },
];

function client(d, args, input) {
  const env =
    d.kind === 'incus'
      ? { ...process.env, INCUS_DIR: path.join(LAB, d.dir), INCUS_CONF: path.join(LAB, '.client/incus') }
      : { ...process.env, LXD_DIR: path.join(LAB, d.dir), LXD_CONF: path.join(LAB, '.client/lxc') };
  const bin = d.kind === 'incus' ? 'incus' : 'lxc';
  return execFileSync(bin, ['--force-local', ...args], { env, input, encoding: 'utf8', timeout: 120_000, stdio: ['pipe', 'pipe', 'pipe'] });
}

const query = (d, url) => JSON.parse(client(d, ['query', url]));
const words = (e) => String(e.stderr || e.message).trim().split('\n').pop();

function remove(d, what, name, action) {
  if (DRY) return console.log(`[sweep] ${d.name}: would remove ${what}${name}`);
  try {
    action();
    console.log(`[sweep] ${d.name}: removed ${what}${name}`);
  } catch (e) {
    console.log(`[sweep] ${d.name}: could not remove ${what}${name}: ${words(e)}`);
  }
}

/** A broken instance (e.g. its volume is gone) the daemon refuses to delete: removed from its database. */
function dropFromDatabase(d, project, name) {
  const sql = d.kind === 'incus' ? ['admin', 'sql', 'global'] : null;
  const statement = `DELETE FROM instances WHERE name = '${name}' AND project_id = (SELECT id FROM projects WHERE name = '${project}')`;
  if (sql) return client(d, [...sql, statement]);
  const env = { ...process.env, LXD_DIR: path.join(LAB, d.dir) };
  return execFileSync('lxd', ['sql', 'global', statement], { env, encoding: 'utf8', timeout: 60_000, stdio: ['pipe', 'pipe', 'pipe'] });
}

function sweepDaemon(d, now) {
  const projects = query(d, '/1.0/projects?recursion=1');
  const stale = (n) => isStale(n, now);
  for (const i of query(d, '/1.0/instances?recursion=1&all-projects=true')) {
    if (!stale(i.name)) continue;
    const project = i.project || 'default';
    remove(d, `instance ${project}/`, i.name, () => {
      try {
        client(d, ['delete', '--force', `--project=${project}`, i.name]);
      } catch (e) {
        // Only names the database can hold safely in a statement: test names are [a-z0-9-].
        if (!/^[a-z0-9-]+$/i.test(i.name) || !/^[a-z0-9_-]+$/i.test(project)) throw e;
        dropFromDatabase(d, project, i.name);
      }
    });
  }
  for (const pool of query(d, '/1.0/storage-pools')) {
    const poolName = pool.split('/').pop();
    for (const v of query(d, `/1.0/storage-pools/${poolName}/volumes?recursion=1&all-projects=true`)) {
      if (v.type !== 'custom' || v.name.includes('/') || !stale(v.name)) continue;
      const project = v.project || 'default';
      const target = v.location && v.location !== 'none' ? [`--target=${v.location}`] : [];
      remove(d, `volume ${poolName}/${project}/`, v.name, () =>
        client(d, ['storage', 'volume', 'delete', poolName, v.name, `--project=${project}`, ...target]),
      );
    }
  }
  for (const p of projects) {
    const project = p.name;
    if (project !== 'default' && p.config?.['features.networks'] !== 'true') continue;
    const acls = query(d, `/1.0/network-acls?project=${encodeURIComponent(project)}`);
    for (const acl of acls.map((u) => decodeURIComponent(u.split('/').pop().split('?')[0]))) {
      if (stale(acl)) remove(d, `network ACL ${project}/`, acl, () => client(d, ['network', 'acl', 'delete', acl, `--project=${project}`]));
    }
  }
  for (const p of projects) {
    const project = p.name;
    if (project !== 'default' && p.config?.['features.networks'] !== 'true') continue;
    for (const n of query(d, `/1.0/networks?recursion=1&project=${encodeURIComponent(project)}`)) {
      if (n.managed && (stale(n.name) || isStaleLink(n.name, now))) remove(d, `network ${project}/`, n.name, () => client(d, ['network', 'delete', n.name, `--project=${project}`]));
    }
  }
  for (const p of projects) {
    if (p.name !== 'default' && p.config?.['features.profiles'] !== 'true') continue;
    for (const prof of query(d, `/1.0/profiles?project=${encodeURIComponent(p.name)}`)) {
      const name = decodeURIComponent(prof.split('/').pop().split('?')[0]);
      if (stale(name)) remove(d, `profile ${p.name}/`, name, () => client(d, ['profile', 'delete', name, `--project=${p.name}`]));
    }
  }
  for (const p of projects) {
    if (!stale(p.name)) continue;
    remove(d, 'project ', p.name, () => {
      if (p.config?.['features.images'] === 'true') {
        for (const img of query(d, `/1.0/images?project=${encodeURIComponent(p.name)}`)) {
          client(d, ['image', 'delete', img.split('/').pop().split('?')[0], `--project=${p.name}`]);
        }
      }
      client(d, ['project', 'delete', p.name]);
    });
  }
}

function main() {
  const now = Date.now();
  for (const d of DAEMONS) {
    try {
      sweepDaemon(d, now);
    } catch (e) {
      // A daemon that is not there (gamma skipped, beta still joining) is not the sweep's business.
      console.log(`[sweep] ${d.name}: skipped: ${words(e)}`);
    }
  }
  sweepHostLinks(now);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
