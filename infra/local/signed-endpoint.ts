// What `npm run receiver` and `npm run judge` share: a loopback server whose every request is
// checked against the Standard Webhooks signature of a secret, and its registration with the running
// twin (POST to the collection, the secret it answers; DELETE on close unless kept). The caller
// decides what a verified request gets.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { verify } from '#shared/webhooks/signing.ts';
import { listen } from './http-common.ts';

/** A verified request, or why it was refused; what to answer. */
export type SignedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string } & (
  | { verified: true }
  | { verified: false; reason: string }
);
export interface EndpointAnswer {
  status: number;
  contentType?: string;
  body?: string;
}

export interface SignedEndpointOptions {
  port: number;
  path: string;
  /** The secret of an endpoint registered before: nothing is registered. */
  secret?: string;
  /** Where to register when there is no `secret`: the twin's HTTP API, a maintainer's token and the collection. */
  registration: {
    httpUrl?: string;
    token?: string;
    collection: '/v1/judges' | '/v1/webhooks';
    idField: string;
    body: (url: string) => Record<string, unknown>;
  };
  answer: (request: SignedRequest) => EndpointAnswer;
}

export interface SignedEndpoint {
  url: string;
  /** Set when this endpoint registered itself. */
  registeredId: string | null;
  secret: string;
  /** Stops listening; deletes the registration it made unless `keep`. */
  close(options?: { keep?: boolean }): Promise<void>;
}

export async function startSignedEndpoint(options: SignedEndpointOptions): Promise<SignedEndpoint> {
  let secret = options.secret ?? '';
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const check = verify(secret, request.headers, body);
      const seen = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body };
      const answer = options.answer(check.ok ? { ...seen, verified: true } : { ...seen, verified: false, reason: check.reason });
      response.writeHead(answer.status, answer.contentType ? { 'content-type': answer.contentType } : {}).end(answer.body);
    });
  });
  const url = `http://127.0.0.1:${await listen(server, options.port)}${options.path}`;

  const { httpUrl, token, collection, idField } = options.registration;
  const call = async (method: string, route: string, body?: unknown) => {
    const answer = await fetch(`${httpUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`${method} ${route} answered ${answer.status}: ${text}`);
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };

  let registeredId: string | null = null;
  if (!options.secret) {
    try {
      if (!httpUrl || !token) throw new Error(`The twin and a maintainer token are needed to register at ${collection} (or pass its --secret)`);
      const created = await call('POST', collection, options.registration.body(url));
      registeredId = created[idField] as string;
      secret = created.secret as string;
    } catch (error) {
      server.close();
      throw error;
    }
  }
  return {
    url,
    registeredId,
    secret,
    async close({ keep = false } = {}) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      if (registeredId && !keep) await call('DELETE', `${collection}/${registeredId}`).catch(() => undefined);
    },
  };
}
