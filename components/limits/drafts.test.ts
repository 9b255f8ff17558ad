import { describe, expect, it } from 'vitest';
import { describeChanges, draftIssues, fieldOfMessage, pendingChanges, specsFor, splitAmount } from './drafts';

describe('limits tab drafts', () => {
  it('checks drafts with the server rules, skipping removals', () => {
    expect(draftIssues({ memory: '512M', processes: '10', cpu: null }, {})).toEqual({
      memory: expect.stringMatching(/^memory: "512M" is not a size/),
    });
    expect(draftIssues({ cpu: '0-3' }, { hostCpus: [0, 1] }).cpu).toMatch(/host lacks/);
  });

  it('sends only what differs from the instance', () => {
    expect(pendingChanges({ memory: '256MB', processes: '100', cpu: null, cpuPriority: null }, { memory: '256MB', cpu: '1' })).toEqual({
      processes: '100',
      cpu: null,
    });
  });

  it('splits amounts and units and describes what the daemon holds', () => {
    expect(splitAmount('256MB')).toEqual({ amount: '256', unit: 'MB' });
    expect(splitAmount('50%')).toEqual({ amount: '50', unit: '%' });
    expect(splitAmount('100iops')).toEqual({ amount: '100', unit: 'iops' });
    expect(splitAmount('512M')).toEqual({ amount: '512', unit: 'M' });
    expect(splitAmount('1e5MB')).toBeNull();
    expect(describeChanges({ memory: { before: null, after: '200MB' }, cpu: { before: '1', after: null } })).toBe(
      'memory = 200MB, cpu removed',
    );
  });

  it('hides what the daemon lacks and finds the field a message names', () => {
    expect(specsFor('incus').some((s) => s.name === 'networkPriority')).toBe(false);
    expect(specsFor('lxd').some((s) => s.name === 'networkPriority')).toBe(true);
    expect(fieldOfMessage('cpuPriority: "11" is out of range')).toBe('cpuPriority');
    expect(fieldOfMessage('Instance not found')).toBeNull();
  });
});
