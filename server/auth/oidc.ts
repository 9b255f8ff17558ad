import crypto from 'node:crypto';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import type { TokenSet } from 'openid-client';
import { isRole, ROLES, type Role } from '@/lib/roles';
import type { OidcConfig } from '../config';
import { toApiError } from '../http/errors';
import type { Services } from '../services';
import type { User } from './users';

/** next-auth's provider id: the callback URL is /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';
const CALLBACK_TARGET = `/api/auth/callback/${OIDC_PROVIDER_ID}`;
const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;

export type OidcClaims = Record<string, unknown>;

/**
 * An OpenID Connect provider for next-auth, found by discovery. Claims are read from both the
 * ID token and the userinfo endpoint: conforming providers return scope claims (and often custom
 * ones such as the role) only from userinfo.
 */
export function oidcProvider(config: OidcConfig): OAuthConfig<OidcClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: 'SSO',
    type: 'oauth',
    wellKnown: `${config.issuer}/.well-known/openid-configuration`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    authorization: { params: { scope: 'openid profile email' } },
    idToken: true,
    checks: ['pkce', 'state'],
    userinfo: {
      async request({ tokens, client }) {
        // next-auth types the tokens loosely; they are openid-client's TokenSet (idToken: true).
        const set = tokens as unknown as TokenSet;
        const idClaims = set.claims() as OidcClaims;
        if (!client.issuer.metadata.userinfo_endpoint || !set.access_token) return idClaims;
        // openid-client refuses userinfo whose subject differs from the ID token's.
        return { ...idClaims, ...((await client.userinfo(set)) as OidcClaims) };
      },
    },
    profile: (claims) => ({ id: String(claims.sub), name: usernameFrom(claims) ?? String(claims.sub) }),
  };
}

/** The role a claim grants: a role name, or a list of values of which the strongest role counts. */
export function roleFromClaim(value: unknown): Role | undefined {
  if (isRole(value)) return value;
  if (Array.isArray(value)) {
    const roles = value.filter(isRole);
    return [...ROLES].reverse().find((r) => roles.includes(r));
  }
  return undefined;
}

function usernameFrom(claims: OidcClaims): string | undefined {
  for (const key of ['preferred_username', 'email', 'sub']) {
    const value = claims[key];
    if (typeof value === 'string' && USERNAME.test(value)) return value;
  }
  return undefined;
}

class SsoRefused extends Error {}

/**
 * Logs in the Hangar user behind a single sign-on identity (issuer + subject), creating it on the
 * first login and setting its role from the role claim on every login. No valid role claim, a
 * disabled user, or a username already held by a local user: refused, and the reason is shown on
 * the login page.
 */
export async function signInWithOidc(s: Services, config: OidcConfig, claims: OidcClaims): Promise<User> {
  const started = performance.now();
  const username = usernameFrom(claims) ?? '(unknown)';
  const role = roleFromClaim(claims[config.roleClaim]);
  const audit = (status: number, user: string, reason?: string) =>
    s.audit.record({
      username: user,
      role: role ?? '',
      method: 'GET',
      target: CALLBACK_TARGET,
      status,
      durationMs: performance.now() - started,
      action: status === 200 ? 'login.success' : 'login.failure',
      details: { via: 'oidc', reason },
      detail: { event: status === 200 ? 'login.succeeded' : 'login.failed', via: 'oidc', ...(reason ? { reason } : {}) },
    });
  try {
    const user = await linkedUser(s, config, claims, role);
    await audit(200, user.username);
    return user;
  } catch (error) {
    // A refusal of the user store (say, demoting the last admin) keeps its message; anything else is logged.
    const reason = error instanceof SsoRefused ? error.message : toApiError(error).message;
    await audit(403, username, reason);
    throw new Error(error instanceof SsoRefused ? reason : `Single sign-on failed: ${reason}`);
  }
}

async function linkedUser(s: Services, config: OidcConfig, claims: OidcClaims, role: Role | undefined): Promise<User> {
  const subject = typeof claims.sub === 'string' ? claims.sub : undefined;
  if (!subject) throw new SsoRefused('The single sign-on provider sent no subject.');
  if (!role) {
    throw new SsoRefused(
      `Your single sign-on account has no Hangar role: its "${config.roleClaim}" claim must be viewer, operator or admin.`,
    );
  }
  const identity = await s.db
    .selectFrom('oidc_identities')
    .selectAll()
    .where('issuer', '=', config.issuer)
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (identity) {
    const user = await s.users.findById(identity.user_id);
    if (!user) throw new SsoRefused('Your Hangar user no longer exists.');
    if (user.disabled) throw new SsoRefused('Your Hangar user is disabled.');
    return user.role === role ? user : s.users.update(user.username, { role });
  }

  const username = usernameFrom(claims);
  if (!username) throw new SsoRefused('The single sign-on provider sent no usable username (preferred_username, email or sub).');
  if (await s.users.findByUsername(username)) {
    throw new SsoRefused(`A Hangar user named "${username}" already exists and is not linked to this single sign-on account.`);
  }
  // No password logs in as this user: it only ever signs in through the provider.
  const user = await s.users.create({ username, password: crypto.randomBytes(32).toString('base64url'), role });
  await s.db
    .insertInto('oidc_identities')
    .values({ issuer: config.issuer, subject, user_id: user.id, created_at: Date.now() })
    .execute();
  return user;
}
