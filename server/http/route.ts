import { can, type Capability } from '@/lib/roles';
import { assertSameOrigin, authenticate, type Principal } from '../auth/principal';
import { routeAction } from '../audit/actions';
import { services, type Services } from '../services';
import { parseJsonBody, readLimited } from './body';
import { ApiError, badRequest, forbidden, toApiError, unauthorized } from './errors';

export interface RouteContext<P> {
  req: Request;
  s: Services;
  principal: Principal;
  params: P;
  /** Names the daemon in this change's audit record. */
  auditDaemon(name: string): void;
  /** Adds facts to this change's audit record. */
  auditDetail(detail: Record<string, unknown>): void;
}

interface RouteOptions {
  /** What the caller's role must allow; every route names one (deny unless a role allows). */
  capability: Capability;
  /** Changes are audited unless this is false (routes that audit themselves, e.g. login). */
  audit?: boolean;
  /**
   * What is inside an instance (files): reads are audited too, like the gateway's audited reads,
   * and the record's target keeps its query, which names the path.
   */
  insideInstance?: boolean;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

export function json(data: unknown, status = 200, headers: HeadersInit = {}): Response {
  return Response.json(data, { status, headers });
}

export function errorResponse(error: ApiError, headers: HeadersInit = {}): Response {
  return json(error.toBody(), error.status, headers);
}

/**
 * Reads a JSON object body of at most BODY_LIMIT bytes (413 above it, before it is read whole);
 * 400 with a clear message when it is missing, malformed or nested too deep.
 */
export async function readBody(req: Request): Promise<Record<string, unknown>> {
  const value = parseJsonBody(await readLimited(req));
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('the request body must be a JSON object', 'malformed_json');
  }
  return value as Record<string, unknown>;
}

/**
 * Wraps an App Router route handler: authenticates (bearer or session), checks same-origin for
 * cookie-authenticated changes, checks the role, turns errors into the API envelope and audits
 * every change with its outcome.
 */
export function route<P = Record<string, string>>(
  options: RouteOptions,
  handler: (ctx: RouteContext<P>) => Promise<Response>,
) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    const started = performance.now();
    const s = await services();
    const audited = options.audit !== false && (!SAFE.has(req.method) || options.insideInstance === true);
    const url = new URL(req.url);
    const target = options.insideInstance ? url.pathname + url.search : url.pathname;
    let principal: Principal | null = null;
    let daemon: string | null = null;
    let detail: Record<string, unknown> | undefined;
    let auditId: string | undefined;
    let what: ReturnType<typeof routeAction> | undefined;
    let response: Response;
    try {
      principal = await authenticate(s, req.headers);
      if (!principal) throw unauthorized();
      if (audited) {
        // Written before anything is changed: a change that cannot be recorded is not made.
        what = routeAction(req.method, url.pathname);
        auditId = await s.audit.begin({ username: principal.username, role: principal.role, method: req.method, target, ...what });
      }
      assertSameOrigin(principal, req.method, req.headers, s.config.publicUrl);
      if (!can(principal.role, options.capability)) {
        throw forbidden(`your role (${principal.role}) does not allow this`);
      }
      const params = await context.params;
      response = await handler({
        req,
        s,
        principal,
        params,
        auditDaemon: (name) => (daemon = name),
        auditDetail: (d) => (detail = { ...detail, ...d }),
      });
    } catch (error) {
      response = errorResponse(toApiError(error));
    }
    if (auditId) {
      const { event: _event, action, ...facts } = detail ?? {};
      await s.audit.finish(auditId, {
        ...(typeof action === 'string' ? { action } : {}),
        status: response.status,
        durationMs: performance.now() - started,
        daemon,
        detail,
        details: Object.keys(facts).length ? { ...what?.details, ...facts } : undefined,
      });
    }
    return response;
  };
}

/** For the few routes without a session (health, token login, share links). */
export function publicRoute<P = Record<string, string>>(handler: (ctx: { req: Request; s: Services; params: P }) => Promise<Response>) {
  return async (req: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      return await handler({ req, s: await services(), params: await context.params });
    } catch (error) {
      return errorResponse(toApiError(error));
    }
  };
}
