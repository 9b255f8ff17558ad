import { describe, expect, it } from 'vitest';
import { HIDDEN, planReply, redactConfig } from './replies';

const trust = { id: 't1', class: 'token', description: 'Executing operation', metadata: { secret: 'trust-secret', fingerprint: 'f' } };
const exec = { id: 'e1', class: 'websocket', description: 'Executing command', metadata: { command: ['sh'], environment: { A: 'b' }, fds: { '0': 'fd-secret' } } };
const task = { id: 'k1', class: 'task', description: 'Creating instance', metadata: { progress: '5%' } };

describe('redactConfig', () => {
  it('hides environment, cloud-init data and credential-like values in config and expanded_config at any depth', () => {
    const input = {
      metadata: [
        {
          name: 'c1',
          config: { 'environment.DB_PASSWORD': 's3cret', 'limits.memory': '1GB', 'cloud-init.user-data': '#cloud-config\npassword: x' },
          expanded_config: { 'environment.TOKEN': 'x', 'image.os': 'busybox', 'user.user-data': 'y' },
        },
        { config: { 'maas.api.key': 'k', 'loki.auth.password': 'p', 'core.https_address': ':8443' } },
      ],
    };
    const out = redactConfig(input) as typeof input;
    // In place: the gateway owns the body it parsed, and copying a long list was its main cost.
    expect(out).toBe(input);
    expect(out.metadata[0].config).toEqual({ 'environment.DB_PASSWORD': HIDDEN, 'limits.memory': '1GB', 'cloud-init.user-data': HIDDEN });
    expect(out.metadata[0].expanded_config).toEqual({ 'environment.TOKEN': HIDDEN, 'image.os': 'busybox', 'user.user-data': HIDDEN });
    expect(out.metadata[1].config).toEqual({ 'maas.api.key': HIDDEN, 'loki.auth.password': HIDDEN, 'core.https_address': ':8443' });
    expect(JSON.stringify(out)).not.toContain('s3cret');
  });
});

describe('planReply', () => {
  const list = { type: 'sync', metadata: { running: [trust, exec, task] } };

  it('asks for the operation list with recursion below admin and gives back only URLs of what the role may see', () => {
    const plan = planReply('operator', 'GET', '/1.0/operations', 'project=p');
    expect(new URLSearchParams(plan.query).get('recursion')).toBe('1');
    expect(plan.filter!(list)).toEqual({ body: { type: 'sync', metadata: { running: ['/1.0/operations/e1', '/1.0/operations/k1'] } } });
  });

  it('cuts the operation list down by role when asked with recursion', () => {
    for (const role of ['viewer', 'operator'] as const) {
      const reply = planReply(role, 'GET', '/1.0/operations', 'recursion=1').filter!(list);
      expect(JSON.stringify(reply)).not.toMatch(/trust-secret|fd-secret/);
    }
    const admin = JSON.stringify(planReply('admin', 'GET', '/1.0/operations', 'recursion=1').filter!(list));
    expect(admin).toContain('trust-secret');
    expect(admin).not.toContain('fd-secret');
  });

  it('hides a token operation by id and /wait below admin', () => {
    for (const path of ['/1.0/operations/t1', '/1.0/operations/t1/wait']) {
      expect(planReply('viewer', 'GET', path, '').filter!({ type: 'sync', metadata: trust })).toEqual({ hidden: 'operation not found' });
      expect(planReply('operator', 'GET', path, 'timeout=1').filter!({ type: 'sync', metadata: trust })).toEqual({ hidden: 'operation not found' });
      expect(planReply('admin', 'GET', path, '').filter!({ type: 'sync', metadata: trust })).toEqual({ body: { type: 'sync', metadata: trust } });
    }
  });

  it('strips websocket secrets from the reply to a change that starts an operation', () => {
    const reply = planReply('admin', 'POST', '/1.0/instances/c1/exec', '').filter!({ type: 'async', operation: '/1.0/operations/e1', metadata: exec });
    expect(JSON.stringify(reply)).not.toContain('fd-secret');
  });

  it('streams untouched what needs no cutting', () => {
    expect(planReply('operator', 'GET', '/1.0/instances', '').filter).toBeNull();
    expect(planReply('viewer', 'HEAD', '/1.0/instances', '').filter).toBeNull();
    expect(planReply('viewer', 'GET', '/1.0/instances', '').filter).not.toBeNull();
  });
});
