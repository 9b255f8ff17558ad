import type http from 'node:http';
import Provider, { type KoaContextWithOIDC } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, freePort, startHangar, type Hangar } from '../support/hangar';
import { uniqueName } from '../support/lab';

/**
 * Single sign-on against a real OpenID Connect provider (the oidc-provider package) started here,
 * driven the way a browser would: redirects followed, cookies kept per site, its login form posted.
 */

const CLIENT_ID = 'hangar-tests';
const CLIENT_SECRET = 'a-client-secret-for-the-tests';

/** The accounts the provider knows, by login name, with the claims it releases. */
const accounts: Record<string, Record<string, unknown>> = {};
let issuer = '';

class Browser {
  private readonly jars = new Map<string, Map<string, string>>();

  private jar(url: string): Map<string, string> {
    const origin = new URL(url).origin;
    if (!this.jars.has(origin)) this.jars.set(origin, new Map());
    return this.jars.get(origin)!;
  }

  cookie(url: string): string {
    return [...this.jar(url)].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, keeping the cookies it sets; no redirect followed. */
  async send(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<Response> {
    const res = await fetch(url, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { cookie: this.cookie(url), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attributes] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.jar(url).delete(name);
      else this.jar(url).set(name, pair.slice(eq + 1).trim());
    }
    return res;
  }

  /**
   * Follows redirects from `url`, and on the provider's login page posts `login` as the account;
   * returns the URL the journey ends at (back on Hangar).
   */
  async follow(url: string, login: string, stopAt: string): Promise<string> {
    let next = url;
    let form: Record<string, string> | undefined;
    for (let step = 0; step < 20; step++) {
      const res = await this.send(next, { form });
      form = undefined;
      const location = res.headers.get('location');
      if (location) {
        next = new URL(location, next).toString();
        if (next.startsWith(stopAt) && !next.includes('/api/auth/')) return next;
        continue;
      }
      const html = await res.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (res.status !== 200 || !action) throw new Error(`stuck at ${next}: ${res.status} ${html.slice(0, 300)}`);
      next = new URL(action, next).toString();
      form = { prompt: 'login', login, password: 'any' };
    }
    throw new Error('too many redirects');
  }
}

/** Starts next-auth's OIDC sign-in on Hangar and logs in at the provider as `login`. */
async function ssoLogin(hangar: string, login: string): Promise<{ browser: Browser; landed: string }> {
  const browser = new Browser();
  const csrf = await browser.send(`${hangar}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await browser.send(`${hangar}/api/auth/signin/oidc`, { form: { csrfToken, callbackUrl: `${hangar}/instances`, json: 'true' } });
  const { url } = (await start.json()) as { url: string };
  expect(url.startsWith(`${issuer}/`)).toBe(true);
  return { browser, landed: await browser.follow(url, login, hangar) };
}

async function me(browser: Browser, hangar: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${hangar}/api/v1/me`, { headers: { cookie: browser.cookie(hangar) } });
  return { status: res.status, body: await res.json() };
}

describe('single sign-on with OpenID Connect', () => {
  let provider: http.Server;
  let hangar: Hangar;
  let admin: Api;
  const suffix = uniqueName('sso').slice(4);
  const name = (who: string) => `${who}-${suffix}`;

  beforeAll(async () => {
    const providerPort = await freePort();
    const hangarPort = await freePort();
    issuer = `http://127.0.0.1:${providerPort}`;
    Object.assign(accounts, {
      alice: { preferred_username: name('alice'), hangar_role: 'operator' },
      bob: { preferred_username: name('bob') },
      dave: { preferred_username: name('dave'), hangar_role: 'superuser' },
      erin: { preferred_username: 'admin', hangar_role: 'admin' },
      frank: { email: `${name('frank')}@example.com`, hangar_role: ['viewer', 'operator', 'staff'] },
    });
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          redirect_uris: [`http://127.0.0.1:${hangarPort}/api/auth/callback/oidc`],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      claims: { openid: ['sub'], profile: ['preferred_username', 'hangar_role'], email: ['email'] },
      cookies: { keys: ['oidc-provider-cookie-key-for-tests'] },
      async findAccount(_ctx: KoaContextWithOIDC, id: string) {
        const claims = accounts[id];
        if (!claims) return undefined;
        return { accountId: id, claims: async () => ({ sub: `subject-${id}-${suffix}`, ...claims }) };
      },
      // Hangar is a first-party client: no consent screen, every login is granted what it asks.
      async loadExistingGrant(ctx: KoaContextWithOIDC) {
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
        grant.addOIDCScope('openid profile email');
        await grant.save();
        return grant;
      },
    });
    provider = oidc.listen(providerPort);
    hangar = await startHangar({
      port: hangarPort,
      env: { HANGAR_OIDC_ISSUER: issuer, HANGAR_OIDC_CLIENT_ID: CLIENT_ID, HANGAR_OIDC_CLIENT_SECRET: CLIENT_SECRET },
    });
    admin = await Api.login(hangar.url);
  });
  afterAll(async () => {
    await hangar?.stop();
    await new Promise((resolve) => provider?.close(resolve));
  });

  it('offers "Sign in with SSO" on the login page only when configured', async () => {
    expect(await (await fetch(`${hangar.url}/login`)).text()).toContain('Sign in with SSO');
    expect(await (await fetch(`${inject('hangarUrl')}/login`)).text()).not.toContain('Sign in with SSO');
  });

  it('creates the user on first login with the claimed role, and follows the claim later', async () => {
    const { browser, landed } = await ssoLogin(hangar.url, 'alice');
    expect(landed).toBe(`${hangar.url}/instances`);
    expect(await me(browser, hangar.url)).toEqual({ status: 200, body: { username: name('alice'), role: 'operator' } });
    const users = await admin.json<{ username: string; role: string }[]>('GET', '/api/v1/users');
    expect(users.find((u) => u.username === name('alice'))).toMatchObject({ role: 'operator', disabled: false });

    accounts.alice.hangar_role = 'admin';
    const again = await ssoLogin(hangar.url, 'alice');
    expect(await me(again.browser, hangar.url)).toEqual({ status: 200, body: { username: name('alice'), role: 'admin' } });
    expect((await admin.json<{ username: string }[]>('GET', '/api/v1/users')).filter((u) => u.username === name('alice'))).toHaveLength(1);
    // No password logs in as an SSO user.
    const local = await new Api(hangar.url).request('POST', '/api/v1/auth/token', { username: name('alice'), password: '' });
    expect(local.status).toBe(401);
  });

  it('takes the strongest role from a list claim, and the email when there is no username', async () => {
    const { browser } = await ssoLogin(hangar.url, 'frank');
    expect(await me(browser, hangar.url)).toEqual({ status: 200, body: { username: `${name('frank')}@example.com`, role: 'operator' } });
  });

  it.each([
    ['bob', /has no Hangar role: its "hangar_role" claim must be viewer, operator or admin/],
    ['dave', /has no Hangar role/],
    ['erin', /A Hangar user named "admin" already exists/],
  ])('refuses %s with the reason on the login page, and creates or changes nobody', async (login, reason) => {
    const before = await admin.json<unknown[]>('GET', '/api/v1/users');
    const { browser, landed } = await ssoLogin(hangar.url, login);
    const target = new URL(landed);
    expect(target.pathname).toBe('/login');
    expect(target.searchParams.get('error')).toMatch(reason);
    expect((await me(browser, hangar.url)).status).toBe(401);
    expect(await admin.json<unknown[]>('GET', '/api/v1/users')).toEqual(before);
  });

  it('refuses a disabled user, and audits single sign-on logins both ways', async () => {
    await admin.json('PATCH', `/api/v1/users/${name('alice')}`, { disabled: true });
    const { landed } = await ssoLogin(hangar.url, 'alice');
    expect(new URL(landed).searchParams.get('error')).toMatch(/disabled/);

    const rows = await admin.json<{ user: string; status: number; target: string; detail: { event: string; via: string } }[]>(
      'GET',
      '/api/v1/audit?action=/api/auth/callback/oidc',
    );
    const seen = rows.map((r) => [r.user, r.status, r.detail.event]);
    expect(seen).toContainEqual([name('alice'), 200, 'login.succeeded']);
    expect(seen).toContainEqual([name('alice'), 403, 'login.failed']);
    expect(seen).toContainEqual([name('bob'), 403, 'login.failed']);
    expect(rows.every((r) => r.detail.via === 'oidc')).toBe(true);
  });
});
