import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Services } from '../services';
import { login } from './login';
import { OIDC_PROVIDER_ID, oidcProvider, signInWithOidc } from './oidc';
import { clientAddress, current, SESSION_COOKIE } from './principal';
import { SESSION_MAX_AGE_S, sessionEnd } from './session-timeouts';

export { SESSION_MAX_AGE_S };

/** next-auth: a credentials provider, and OIDC single sign-on when configured; the role is read from the database on every request. */
export function authOptions(s: Services): NextAuthOptions {
  const secure = s.config.publicUrl?.startsWith('https://') ?? false;
  return {
    secret: s.secrets.sessionSecret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_S, updateAge: 5 * 60 },
    useSecureCookies: secure,
    cookies: {
      sessionToken: { name: SESSION_COOKIE, options: { httpOnly: true, sameSite: 'lax', path: '/', secure } },
    },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      Credentials({
        name: 'Hangar',
        credentials: { username: { label: 'Username', type: 'text' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const headers = (req?.headers ?? {}) as Record<string, string>;
          const user = await login(s, credentials?.username, credentials?.password, clientAddress(headers), '/login');
          return { id: user.id, name: user.username };
        },
      }),
      ...(s.config.oidc ? [oidcProvider(s.config.oidc)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !s.config.oidc) return true;
        const hangarUser = await signInWithOidc(s, s.config.oidc, (profile ?? {}) as Record<string, unknown>);
        // next-auth hands this same object to the jwt callback: make it name the Hangar user.
        user.id = hangarUser.id;
        user.name = hangarUser.username;
        return true;
      },
      async jwt({ token, user }) {
        const now = Date.now();
        if (user) {
          token.uid = user.id;
          token.sid = await s.sessions.start(user.id, now);
          token.loginAt = now;
          token.seenAt = now;
          return token;
        }
        // Called by GET /api/auth/session, which the console sends while a person is using it.
        if (sessionEnd(token, s.config.sessionIdleMinutes, now) !== null) throw new Error('the session has ended');
        const live =
          typeof token.uid === 'string' && typeof token.sid === 'string' && typeof token.loginAt === 'number'
            ? await current(s, { userId: token.uid, via: 'session', sessionId: token.sid, loginAt: token.loginAt })
            : null;
        if (!live) throw new Error('the session has ended');
        token.seenAt = now;
        return token;
      },
    },
    events: {
      // Logging out ends the session on the server, so a copy of the cookie stops working too.
      async signOut({ token }) {
        if (typeof token?.sid === 'string') await s.sessions.end(token.sid);
      },
    },
    logger: {
      // next-auth's default logger can print request bodies; keep only the codes.
      error: (code) => console.error(`[hangar] next-auth error: ${code}`),
      warn: () => undefined,
      debug: () => undefined,
    },
  };
}
