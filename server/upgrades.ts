import type http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Services } from './services';
import { handleTerminalUpgrade } from './terminals/terminal-endpoint';

/**
 * Websocket upgrades Hangar answers itself (terminals). Returns false for anything else, which
 * the caller hands to Next (hot reload in development) or closes.
 */
export function handleUpgrade(s: Services, req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
  return handleTerminalUpgrade(s, req, socket, head);
}
