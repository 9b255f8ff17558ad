/** next-auth's own codes when it redirects to /login with ?error=, or passes one to the form. */
export const NEXT_AUTH_ERRORS: Record<string, string> = {
  CredentialsSignin: 'Wrong username or password.',
  SessionRequired: 'Please log in to continue.',
  OAuthSignin: 'Single sign-on could not start: the provider could not be reached.',
  OAuthCallback: 'Single sign-on failed: the provider refused the login or could not be reached.',
  AccessDenied: 'Single sign-on was refused.',
};

/** Hangar's own messages that next-auth may pass along in ?error= (wrong password, the throttle). */
const SERVER_MESSAGES = [/^Wrong username or password\.$/, /^Too many failed logins [a-z ]+; try again in \d+ s\.$/];

/**
 * The message for /login?error=, which anyone can write into a link ("Call this number…"): only
 * known codes and Hangar's own messages are shown as they are, anything else as a plain failure.
 * Resolved on the server, so the unknown text never reaches the page at all.
 */
export function loginErrorFromUrl(code: string | undefined): string | undefined {
  if (!code) return undefined;
  return NEXT_AUTH_ERRORS[code] ?? (SERVER_MESSAGES.some((m) => m.test(code)) ? code : 'Logging in failed; try again.');
}
