/** Allowed or refused, by Hangar's own answer: refusals are 401 "unauthenticated" and 403 "forbidden". */
export function refusal(status: number, body: string): 'unauthenticated' | 'forbidden' | null {
  let code: unknown;
  try {
    code = (JSON.parse(body) as { error?: { code?: unknown } }).error?.code;
  } catch {
    code = undefined;
  }
  if (status === 401 && code === 'unauthenticated') return 'unauthenticated';
  if (status === 403 && code === 'forbidden') return 'forbidden';
  return null;
}
