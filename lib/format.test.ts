import { describe, expect, it } from 'vitest';
import { absoluteTime, locationLabel, relativeTime, safeCallbackPath, shortFingerprint } from './format';

describe('safeCallbackPath', () => {
  it('keeps same-site paths with their query', () => {
    expect(safeCallbackPath('/instances?daemon=beta')).toBe('/instances?daemon=beta');
    expect(safeCallbackPath('/daemons')).toBe('/daemons');
  });

  it('refuses other hosts, protocol-relative and backslash tricks', () => {
    for (const bad of ['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null, '/login?x=1']) {
      expect(safeCallbackPath(bad)).toBe('/');
    }
  });
});

describe('display helpers', () => {
  it('shortens fingerprints but leaves short strings alone', () => {
    expect(shortFingerprint('479e5ba2ad3e131818a377d7fd73ef9bf1a40f494eef48c7d6177656adb4925d')).toBe('479e5ba2…adb4925d');
    expect(shortFingerprint('abc')).toBe('abc');
  });

  it('shows a dash for a standalone daemon\'s "none" location', () => {
    expect(locationLabel('none')).toBe('—');
    expect(locationLabel('')).toBe('—');
    expect(locationLabel('member2')).toBe('member2');
  });

  it('formats times and treats LXD zero times as never', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime('2026-01-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(relativeTime('0001-01-01T00:00:00Z', now)).toBe('—');
    expect(relativeTime('1970-01-01T00:00:00Z', now)).toBe('—');
    expect(absoluteTime('2026-01-01T09:05:00.123Z')).toBe('2026-01-01 09:05 UTC');
    expect(absoluteTime('garbage')).toBe('—');
  });
});
