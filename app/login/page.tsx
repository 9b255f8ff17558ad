import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { LoginForm } from '@/components/auth/login-form';
import { safeCallbackPath } from '@/lib/format';
import { loginErrorFromUrl } from '@/lib/login-errors';
// A server component: page-session is server-only (it reads the session cookie with the secret).
// eslint-disable-next-line no-restricted-imports
import { pageSession } from '@/server/auth/page-session';
// eslint-disable-next-line no-restricted-imports
import { services } from '@/server/services';

export const metadata: Metadata = { title: 'Log in' };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackPath(first(params.callbackUrl));
  if (await pageSession()) redirect(callbackUrl);
  const sso = (await services()).config.oidc !== undefined;
  return <LoginForm callbackUrl={callbackUrl} initialError={loginErrorFromUrl(first(params.error))} sso={sso} />;
}
