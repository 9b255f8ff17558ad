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
  if (!res.ok) {
    const envelope = body as { error?: { code?: string; message?: string } | string } | undefined;
    // Hangar's own errors are {"error":{code,message}}; a daemon's (through the gateway) are {"error":"…"}.
    const error = envelope?.error;
    if (error && typeof error === 'object') throw new ApiRequestError(res.status, error.code ?? 'error', error.message ?? text);
    if (typeof error === 'string') throw new ApiRequestError(res.status, 'daemon_error', error);
    throw new ApiRequestError(res.status, 'http_error', `${res.status} ${res.statusText}`);
  }
  return body as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
