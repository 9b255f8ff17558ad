import { describe, expect, it } from 'vitest';
import { FlowGate } from './flow';

describe('FlowGate', () => {
  it('pauses when congested, resumes only once drained, and never twice in a row', () => {
    const calls: string[] = [];
    let level = 0;
    const gate = new FlowGate(
      { pause: () => calls.push('pause'), resume: () => calls.push('resume') },
      () => level > 10,
      () => level < 3,
    );
    for (const l of [5, 11, 12, 8, 4, 2, 1, 11]) {
      level = l;
      gate.update();
    }
    expect(calls).toEqual(['pause', 'resume', 'pause']);
    expect(gate.isPaused).toBe(true);
  });
});
