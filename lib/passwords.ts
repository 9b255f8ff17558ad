/** What a password must be, for the server (which refuses) and the forms (which warn first). */
export const MIN_PASSWORD_LENGTH = 8;
/** Longer passwords are refused (and never hashed at login). */
export const MAX_PASSWORD_LENGTH = 1024;

/** Why a new password is refused before it is sent, or null. */
export function passwordTooShort(password: string): string | null {
  return password.length < MIN_PASSWORD_LENGTH ? `At least ${MIN_PASSWORD_LENGTH} characters` : null;
}
