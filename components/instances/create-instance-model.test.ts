import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { LxdImage } from '@/lib/lxd-types';
import {
  chosenImage,
  createProblems,
  createRequest,
  emptyDraft,
  localImageChoices,
  serverImageChoices,
  withDaemon,
  type CreateContext,
  type CreateDraft,
} from './create-instance-model';
import type { DeviceDraft } from './devices-model';

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0dX0VXbpbz5Ua1Jd3b6wdKh5PFVkJS9vW7e5V3k2m4 ops@example';

const ctx: CreateContext = {
  daemonKind: 'incus',
  instanceTypes: ['container'],
  profiles: ['default', 'web'],
  pools: ['default', 'fast'],
  networks: [
    { name: 'br0', config: { 'ipv4.address': 'none', 'ipv6.address': 'none' } },
    { name: 'lan', config: { 'ipv4.address': '10.0.0.1/24' } },
  ],
  servers: [{ id: 's1', name: 'alpha', url: 'https://127.0.0.1:8443', protocol: 'lxd', certificate: 'PEM' }],
  presets: [{ name: 'small', limits: { cpu: '1', memory: '256MiB', diskRead: '10MB' } }],
};

const busybox = { fingerprint: 'ab'.repeat(32), aliases: [{ name: 'busybox', description: '' }], type: 'container', properties: { description: 'tiny' } } as unknown as LxdImage;
const images = localImageChoices([busybox]);

const draft = (over: Partial<CreateDraft> = {}): CreateDraft => ({ ...emptyDraft('d1'), name: 'web1', ...over });
const problems = (d: CreateDraft) => createProblems(d, ctx, chosenImage(d, images));

describe('create form model', () => {
  it('sends the simplest form as a started container from the local image with the default profile', () => {
    const d = draft();
    expect(problems(d)).toEqual([]);
    expect(createRequest(d, ctx, chosenImage(d, images)!, false)).toEqual({
      query: { project: 'default' },
      body: { name: 'web1', type: 'container', source: { type: 'image', alias: 'busybox' }, profiles: ['default'], config: {}, devices: {}, start: true },
    });
  });

  it('says what is missing or wrong, in form order, before the daemon is asked', () => {
    expect(problems(draft({ name: '' }))).toEqual(['Enter a name']);
    expect(problems(draft({ name: '9lives' }))[0]).toMatch(/start with a letter/);
    expect(problems(draft({ type: 'virtual-machine' }))).toEqual(['This daemon does not run virtual machines', 'Choose an image']);
    expect(problems(draft({ pool: 'slow' }))).toEqual(['Storage pool slow does not exist on this daemon']);
    expect(problems(draft({ rootSize: '5 gigs', pool: 'fast' }))).toEqual(['Root size "5 gigs" is not a size like 10GiB']);
    expect(problems(draft({ rootSize: '5GiB' }))).toEqual(['A root size needs the storage pool of the root disk']);
    const yaml = problems(draft({ cloudInit: { userData: '#cloud-config\npackages:\n\t- htop\n', vendorData: '', networkConfig: '' } }));
    expect(yaml).toEqual([expect.stringMatching(/^User data is not valid YAML: line 3: /)]);
    expect(problems(draft({ sshKey: 'hello' }))).toEqual([expect.stringMatching(/^SSH key: .*OpenSSH/)]);
  });

  it('checks devices against the pools and networks the daemon has', () => {
    const devices: DeviceDraft[] = [
      { name: 'data', type: 'disk', values: { path: '/data', pool: 'nope', source: 'vol' } },
      { name: 'eth1', type: 'nic', values: { network: 'missing' } },
      { name: 'eth2', type: 'nic', values: { network: 'br0', 'ipv4.address': '10.0.0.5', 'limits.ingress': 'fast' } },
      { name: 'web', type: 'proxy', values: { listen: 'tcp:127.0.0.1:8080', connect: '80' } },
    ];
    expect(problems(draft({ devices }))).toEqual([
      'data: storage pool nope does not exist on this daemon',
      'eth1: network missing does not exist on this daemon',
      'eth2: limits.ingress "fast" is not a rate like 100Mbit',
      'eth2: network br0 hands out no IPv4 addresses, so a static one cannot be set',
      'web: connect "80" is not like tcp:127.0.0.1:8080',
    ]);
    expect(problems(draft({ devices: [devices[0], { ...devices[0] }].map((d) => ({ ...d, values: { ...d.values, pool: 'fast' } })) }))).toEqual(['another device is named data', 'another device is named data']);
  });

  it('writes the preset, cloud-init with the SSH key, the root disk and devices into one request', () => {
    const d = draft({
      project: 'p1',
      target: 'm2',
      pool: 'fast',
      rootSize: '2GiB',
      preset: 'small',
      sshKey: KEY,
      cloudInit: { userData: '#cloud-config\npackages: [htop]\n', vendorData: '', networkConfig: 'version: 2\n' },
      devices: [
        { name: 'eth1', type: 'nic', values: { network: 'lan', 'ipv4.address': '10.0.0.5', 'limits.egress': '10Mbit', name: '' } },
        { name: 'web', type: 'proxy', values: { listen: 'tcp:127.0.0.1:8080', connect: 'tcp:127.0.0.1:80' } },
      ],
      start: false,
    });
    expect(problems(d)).toEqual([]);
    const { query, body } = createRequest(d, ctx, chosenImage(d, images)!, true);
    expect(query).toEqual({ project: 'p1', target: 'm2' });
    const config = body.config as Record<string, string>;
    expect(config['limits.cpu']).toBe('1');
    expect(config['limits.memory']).toBe('256MiB');
    expect(parse(config['cloud-init.user-data'])).toEqual({ packages: ['htop'], ssh_authorized_keys: [KEY] });
    expect(config['cloud-init.network-config']).toBe('version: 2\n');
    expect(config['cloud-init.vendor-data']).toBeUndefined();
    expect(body.devices).toEqual({
      root: { type: 'disk', path: '/', pool: 'fast', size: '2GiB', 'limits.read': '10MB' },
      eth1: { type: 'nic', network: 'lan', 'ipv4.address': '10.0.0.5', 'limits.egress': '10Mbit' },
      web: { type: 'proxy', listen: 'tcp:127.0.0.1:8080', connect: 'tcp:127.0.0.1:80' },
    });
    expect(body.start).toBe(false);
  });

  it('pulls from an image server with the protocol the puller speaks', () => {
    const offered = serverImageChoices([{ fingerprint: 'cd'.repeat(32), aliases: ['busybox'], os: 'busybox', release: '1', architecture: 'x86_64', type: 'container', size: 1, description: '' }]);
    const d = draft({ imageSource: 's1' });
    const { body } = createRequest(d, ctx, chosenImage(d, offered)!, false);
    expect(body.source).toEqual({ type: 'image', mode: 'pull', server: 'https://127.0.0.1:8443', protocol: 'incus', certificate: 'PEM', alias: 'busybox' });
  });

  it('forgets the old daemon\'s choices when the daemon changes', () => {
    const moved = withDaemon(draft({ pool: 'fast', image: 'alias:x', imageSource: 's1', profiles: ['web'], target: 'm1', name: 'keep' }), 'd2');
    expect(moved).toMatchObject({ daemonId: 'd2', pool: '', image: '', imageSource: 'local', profiles: null, target: '', name: 'keep' });
  });
});
