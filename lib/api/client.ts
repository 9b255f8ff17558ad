/** The browser's one way to call Hangar's API: JSON in and out, errors as ApiRequestError. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function apiFetch<T>(
  path: string,
  init: RequestInit & { json?: unknown; onResponse?: (res: Response) => void } = {},
): Promise<T> {
  const { json, headers, onResponse, ...rest } = init;
  const res = await fetch(path, {
    ...rest,
    headers: { accept: 'application/json', ...(json === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: json === undefined ? rest.body : JSON.stringify(json),
    credentials: 'same-origin',
  });
  onResponse?.(res);
  const text = await res.text();
  const body = text ? safeParse(text) : undefined;
  if (!res.ok) throw replyError(res.status, res.statusText, body);
  return body as T;
}

/** A text body (a file, a console log) with apiFetch's errors. */
export async function apiText(path: string, init: RequestInit = {}): Promise<string> {
  const res = await fetch(path, { ...init, credentials: 'same-origin' });
  const text = await res.text();
  if (!res.ok) throw replyError(res.status, res.statusText, text ? safeParse(text) : undefined);
  return text;
}

/**
 * The error for a refused request, with the message its sender gave: Hangar's own errors are
 * `{"error":{code,message}}`, a daemon's (through the gateway) `{"error":"…"}`.
 */
export function replyError(status: number, statusText: string, body: unknown): ApiRequestError {
  const error = (body as { error?: { code?: string; message?: string } | string } | undefined)?.error;
  if (error && typeof error === 'object') return new ApiRequestError(status, error.code ?? 'error', error.message ?? statusText);
  if (typeof error === 'string') return new ApiRequestError(status, 'daemon_error', error);
  return new ApiRequestError(status, 'http_error', `${status} ${statusText}`);
}

export function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
