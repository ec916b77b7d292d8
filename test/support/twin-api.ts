// What the integration tests share when they talk to a running twin: an HTTP call with a
// credential, and waiting until something becomes true.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bodies are asserted field by field
export type Json = any;

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: Json;
  text: string;
}

export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  credential: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiResponse> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${credential}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  // Text answers (CSV, JSON Lines exports) are read from `text`.
  const json = text && !/^(?:text\/|application\/x-ndjson)/i.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, json, text };
}

/** Polls every 100 ms until `probe` yields a value; `until(probe, ms)` or `until(probe, what, ms)`. */
export async function until<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  whatOrTimeout: string | number = 'a condition',
  timeoutMs = typeof whatOrTimeout === 'number' ? whatOrTimeout : 30_000,
): Promise<T> {
  const what = typeof whatOrTimeout === 'string' ? whatOrTimeout : 'a condition';
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
