import net from 'node:net';
import type http from 'node:http';
import { CLIENT_ADDRESS_HEADER } from '../auth/principal';

/** Headers a reverse proxy sets; believed only from a proxy named in HANGAR_TRUSTED_PROXIES. */
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'x-real-ip'];

/** Which peers are trusted reverse proxies. */
export class TrustedProxies {
  private readonly list = new net.BlockList();
  readonly empty: boolean;

  constructor(entries: string[]) {
    for (const entry of entries) {
      const [address, bits] = entry.split('/');
      const family = net.isIP(address) === 6 ? 'ipv6' : 'ipv4';
      if (bits === undefined) this.list.addAddress(address, family);
      else this.list.addSubnet(address, Number(bits), family);
    }
    this.empty = entries.length === 0;
  }

  trusts(address: string | undefined): boolean {
    if (this.empty || !address) return false;
    const plain = unmapped(address);
    const family = net.isIP(plain);
    return family !== 0 && this.list.check(plain, family === 6 ? 'ipv6' : 'ipv4');
  }

  /**
   * The client's address: the socket's peer, or, when that peer is a trusted proxy, the rightmost
   * X-Forwarded-For hop that is not itself a trusted proxy (hops further left are the client's word).
   */
  clientAddress(peer: string | undefined, forwardedFor: string | undefined): string {
    let client = unmapped(peer ?? 'unknown');
    if (!this.trusts(client)) return client;
    const hops = (forwardedFor ?? '').split(',').map((hop) => unmapped(hop.trim())).filter(Boolean);
    while (this.trusts(client) && hops.length > 0) {
      const next = hops.pop()!;
      if (net.isIP(next) === 0) break;
      client = next;
    }
    return client;
  }

  /**
   * Sets Hangar's own client-address header and removes the forwarding headers of any peer that is
   * not a trusted proxy, so nothing downstream (Next, next-auth, the same-origin check) believes them.
   */
  apply(req: http.IncomingMessage): void {
    const peer = req.socket.remoteAddress;
    const forwardedFor = req.headers['x-forwarded-for'];
    req.headers[CLIENT_ADDRESS_HEADER] = this.clientAddress(peer, Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor);
    if (!this.trusts(peer)) for (const name of FORWARDING_HEADERS) delete req.headers[name];
  }
}

function unmapped(address: string): string {
  return address.startsWith('::ffff:') && net.isIPv4(address.slice(7)) ? address.slice(7) : address;
}
