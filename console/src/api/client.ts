// The HTTP API from the console: the bearer token on every call, JSON in and out, and every error
// turned into an ApiError carrying the API's message and correlation id (shown to the user).

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly correlationId: string | null,
    readonly fields: Record<string, unknown> | null = null,
  ) {
    super(message);
  }
}

/** The ApiError for a failed response's status, headers and body text. Pure. */
export function apiErrorOf(status: number, correlationHeader: string | null, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = null;
  }
  const envelope = (parsed as { error?: Record<string, unknown> } | null)?.error;
  if (envelope && typeof envelope === 'object') {
    const correlation = typeof envelope.correlation_id === 'string' ? envelope.correlation_id : correlationHeader;
    const code = typeof envelope.code === 'string' ? envelope.code : `http_${status}`;
    const message = typeof envelope.message === 'string' ? envelope.message : `HTTP ${status}`;
    const { code: _c, message: _m, correlation_id: _id, ...rest } = envelope;
    return new ApiError(status, code, message, correlation, Object.keys(rest).length > 0 ? rest : null);
  }
  // API Gateway's own answers (an authorizer's 401/403) are {"message": "…"}.
  const gatewayMessage = (parsed as { message?: unknown } | null)?.message;
  return new ApiError(status, `http_${status}`, typeof gatewayMessage === 'string' ? gatewayMessage : `HTTP ${status}`, correlationHeader);
}

export interface Api {
  get<T>(path: string): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

export function createApi(baseUrl: string, token: () => string | null, onUnauthorized: () => void): Api {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = {};
    const bearer = token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0, 'network_error', `The API could not be reached (${(error as Error).message})`, null);
    }
    if (response.status === 401) onUnauthorized();
    if (!response.ok) throw apiErrorOf(response.status, response.headers.get('x-correlation-id'), await response.text());
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }
  return {
    get: (path) => call('GET', path),
    send: (method, path, body) => call(method, path, body),
  };
}
