import 'server-only';
import { headers } from 'next/headers';
import { safeCallbackPath } from '@/lib/format';
import { services } from '../services';
import { authenticate, header, type Principal } from './principal';

/** Set by server/main.ts on every request (overwriting anything a client sent). */
const REQUEST_URL_HEADER = 'x-hangar-request-url';

/** The signed-in user of a server-rendered page (session cookie), or null. */
export async function pageSession(): Promise<Principal | null> {
  // headers() first: while `next build` tries to prerender, it stops the page here, before services().
  const requestHeaders = await headers();
  return authenticate(await services(), requestHeaders);
}

/** `/login?callbackUrl=…` back to the page being requested, without Next's internal `_rsc` marker. */
export async function loginUrl(): Promise<string> {
  const raw = header(await headers(), REQUEST_URL_HEADER);
  if (!raw) return '/login';
  const url = new URL(raw, 'http://hangar.invalid');
  url.searchParams.delete('_rsc');
  const back = safeCallbackPath(`${url.pathname}${url.search}`, '');
  return back && back !== '/' ? `/login?callbackUrl=${encodeURIComponent(back)}` : '/login';
}
