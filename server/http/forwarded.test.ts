import { describe, expect, it } from 'vitest';
import { TrustedProxies } from './forwarded';

describe('TrustedProxies', () => {
  it('believes X-Forwarded-For only from a trusted peer, and only up to the first untrusted hop', () => {
    const proxies = new TrustedProxies(['10.0.0.1', '192.168.0.0/16']);
    expect(proxies.clientAddress('203.0.113.9', '1.2.3.4')).toBe('203.0.113.9');
    expect(proxies.clientAddress('10.0.0.1', '1.2.3.4')).toBe('1.2.3.4');
    expect(proxies.clientAddress('::ffff:10.0.0.1', 'spoofed, 1.2.3.4, 192.168.4.4')).toBe('1.2.3.4');
    expect(proxies.clientAddress('10.0.0.1', 'not-an-ip')).toBe('10.0.0.1');
    expect(proxies.clientAddress('10.0.0.1', undefined)).toBe('10.0.0.1');
  });

  it('trusts nobody when the list is empty', () => {
    const none = new TrustedProxies([]);
    expect(none.trusts('127.0.0.1')).toBe(false);
    expect(none.clientAddress('127.0.0.1', '1.2.3.4')).toBe('127.0.0.1');
  });
});
