import { describe, expect, it } from 'vitest';
import { helpTopicFor } from './help-topics';

describe('helpTopicFor', () => {
  it('maps each page, and an instance tab, to its help section', () => {
    expect(helpTopicFor('/', null)).toBe('dashboard');
    expect(helpTopicFor('/instances', null)).toBe('instances');
    expect(helpTopicFor('/instances/d1/web', null)).toBe('instance');
    expect(helpTopicFor('/instances/d1/web', 'console')).toBe('terminal');
    expect(helpTopicFor('/instances/d1/web', 'limits')).toBe('limits');
    expect(helpTopicFor('/settings/tokens', null)).toBe('settings');
    expect(helpTopicFor('/audit', null)).toBe('audit');
    expect(helpTopicFor('/nowhere', null)).toBe('dashboard');
  });
});
