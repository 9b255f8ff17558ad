import { describe, expect, it } from 'vitest';
import { formatBytes, parseByteSize } from './units';

describe('parseByteSize (LXD units)', () => {
  it.each([
    ['512', 512],
    ['512B', 512],
    ['256MB', 256_000_000],
    ['1GB', 1_000_000_000],
    ['1kB', 1000],
    ['1KiB', 1024],
    ['2MiB', 2 * 1024 * 1024],
    ['1.5GiB', 1.5 * 2 ** 30],
    ['1TB', 1e12],
  ])('%s = %d bytes', (input, bytes) => {
    expect(parseByteSize(input)).toBe(bytes);
  });

  it.each(['512M', '1gb', '1Gb', '1 KB', 'lots', '', '-1MB', '1e3MB', 'MB'])('refuses %j like the daemon does', (input) => {
    expect(parseByteSize(input)).toBeNull();
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(256 * 2 ** 20)).toBe('256 MiB');
    expect(formatBytes(null)).toBe('—');
  });
});
