/**
 * The browser side of logging in and out, over next-auth's own endpoints (/api/auth/*).
 * next-auth/react would do the same but weighs ~8 KB gzipped on every page (the shell's
 * "Log out" button), which the first-load budget of the fleet page cannot afford.
 */
const AUTH = '/api/auth';

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH}/csrf`, { credentials: 'same-origin', cache: 'no-store' });
  const body = (await res.json().catch(() => ({}))) as { csrfToken?: string };
  if (!res.ok || !body.csrfToken) throw new Error(`Hangar did not answer the login form (${res.status}).`);
  return body.csrfToken;
}

/** POSTs a form the way next-auth expects it and returns the URL it would have redirected to. */
async function postForm(path: string, fields: Record<string, string>): Promise<{ ok: boolean; url: string | null }> {
  const res = await fetch(`${AUTH}/${path}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...fields, csrfToken: await csrfToken(), json: 'true' }),
  });
  const body = (await res.json().catch(() => ({}))) as { url?: string };
  return { ok: res.ok, url: body.url ?? null };
}

/**
 * Checks a username and password. Resolves to null when the session cookie is set, else to
 * next-auth's error code, or to the server's own message (wrong password, throttled).
 */
export async function signInWithPassword(username: string, password: string): Promise<string | null> {
  const { ok, url } = await postForm('callback/credentials', { username, password, callbackUrl: window.location.href });
  const error = url ? new URL(url, window.location.origin).searchParams.get('error') : null;
  if (error) return error;
  return ok ? null : 'Logging in failed.';
}

/** Starts single sign-on: the browser leaves for the identity provider. */
export async function signInWithSso(callbackUrl: string): Promise<void> {
  const { url } = await postForm('signin/oidc', { callbackUrl });
  window.location.assign(url ?? callbackUrl);
}

/** Ends this session and goes to the login page. */
export async function signOut(callbackUrl = '/login'): Promise<void> {
  const { ok } = await postForm('signout', { callbackUrl });
  if (!ok) throw new Error('Hangar did not end the session; try again.');
  window.location.assign(callbackUrl);
}

/**
 * Reports a person's activity: next-auth's session endpoint re-issues the cookie with a new
 * `seenAt`. Resolves to false when the session has ended (idle, logged out everywhere, disabled).
 */
export async function reportActivity(): Promise<boolean> {
  await fetch(`${AUTH}/session`, { credentials: 'same-origin', cache: 'no-store' });
  const me = await fetch('/api/v1/me', { credentials: 'same-origin', cache: 'no-store' });
  return me.status !== 401;
}
