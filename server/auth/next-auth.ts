import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import type { Services } from '../services';
import { login } from './login';
import { clientAddress, SESSION_COOKIE } from './principal';

/** Absolute session lifetime; the cookie is refreshed on use, up to this age since login. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** next-auth with one credentials provider; the role is read from the database on every request. */
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
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.loginAt = Date.now();
        }
        return token;
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
