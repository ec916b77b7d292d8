// The HTTP API's answers: API Gateway's own error replies, and how a function's result becomes the
// response under payload format 2.0 (a structured result, or any other value as implicit JSON). Pure.
import type { HeaderList } from './http-cors.ts';

export interface Reply {
  status: number;
  headers: HeaderList;
  body: Buffer;
}

const json = (status: number, message: string): Reply => ({
  status,
  headers: [['content-type', 'application/json']],
  body: Buffer.from(JSON.stringify({ message })),
});

export const GATEWAY_REPLIES = {
  unauthorized: () => json(401, 'Unauthorized'),
  forbidden: () => json(403, 'Forbidden'),
  notFound: () => json(404, 'Not Found'),
  tooLarge: () => json(413, 'Request Entity Too Large'),
  internal: () => json(500, 'Internal Server Error'),
  unavailable: () => json(503, 'Service Unavailable'),
  badRequest: () => json(400, 'Bad Request'),
};

const headerValue = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));

/** Turns a function's result into the response, as payload format 2.0 does; null when it is invalid. */
export function resultToReply(result: unknown): Reply | null {
  const structured = result !== null && typeof result === 'object' && 'statusCode' in result;
  if (!structured) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? 'null');
    return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(body) };
  }
  const r = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    multiValueHeaders?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const status = typeof r.statusCode === 'string' ? Number(r.statusCode) : r.statusCode;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return null;
  const headers: HeaderList = [];
  if (r.headers && typeof r.headers === 'object') {
    for (const [name, value] of Object.entries(r.headers)) if (value !== undefined && value !== null) headers.push([name, headerValue(value)]);
  }
  if (r.multiValueHeaders && typeof r.multiValueHeaders === 'object') {
    for (const [name, values] of Object.entries(r.multiValueHeaders)) {
      for (const value of Array.isArray(values) ? values : [values])
        if (value !== undefined && value !== null) headers.push([name, headerValue(value)]);
    }
  }
  if (Array.isArray(r.cookies)) for (const cookie of r.cookies) headers.push(['set-cookie', String(cookie)]);
  let body = Buffer.alloc(0);
  if (r.body !== undefined && r.body !== null) {
    const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    body = r.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  }
  return { status, headers, body };
}
