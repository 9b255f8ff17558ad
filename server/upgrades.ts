import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Services } from './services';

/**
 * Websocket upgrades Hangar answers itself (terminals). Returns false for anything else, which
 * the caller hands to Next (hot reload in development) or closes.
 */
export function handleUpgrade(_s: Services, _req: http.IncomingMessage, _socket: Duplex, _head: Buffer): boolean {
  return false;
}
