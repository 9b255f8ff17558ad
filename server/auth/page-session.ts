import 'server-only';
import { headers } from 'next/headers';
import { services } from '../services';
import { authenticate, type Principal } from './principal';

/** The signed-in user of a server-rendered page (session cookie), or null. */
export async function pageSession(): Promise<Principal | null> {
  return authenticate(await services(), await headers());
}
