import { redirect } from 'next/navigation';
import { ConsoleShell } from '@/components/shell/console-shell';
// A server component: page-session is server-only (it reads the session cookie with the secret).
// eslint-disable-next-line no-restricted-imports
import { loginUrl, pageSession } from '@/server/auth/page-session';

/** Every console page needs a signed-in user; the API checks again on every call. */
export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const principal = await pageSession();
  if (!principal) redirect(await loginUrl());
  return <ConsoleShell me={{ username: principal.username, role: principal.role }}>{children}</ConsoleShell>;
}
