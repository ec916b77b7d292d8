// The Lambda API on loopback, so `npm run invoke`, `aws lambda invoke|list-functions --endpoint-url`
// and the SDK's LambdaClient reach the declared functions inside the running twin, with the twin's
// engines and environment:
// - Invoke, `POST /2015-03-31/functions/{name}/invocations`: RequestResponse (200 with the result,
//   `X-Amz-Function-Error` when the function failed, `X-Amz-Log-Result` with `LogType: Tail`),
//   Event (202, no body, the function runs afterwards) and DryRun (204, the function does not run).
// - ListFunctions, `GET /2015-03-31/functions/`: every declared function, in pages.
// Errors are Lambda's: `x-amzn-ErrorType` and `{ Type, message }` (lambda-shapes.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Wiring } from '#infra/wiring-types.ts';
import type { FunctionHost } from './function-host.ts';
import { listen, readBody, safeDecode } from './http-common.ts';
import { FunctionError } from './invoker.ts';
import {
  functionConfiguration,
  invocationOptions,
  listPage,
  logResult,
  MAX_REQUEST_BYTES,
  resolveFunction,
  type InvocationType,
  type LambdaError,
} from './lambda-shapes.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const LIST_PATH = /^\/2015-03-31\/functions\/?$/;

export interface LambdaApiOptions {
  wiring: Wiring;
  invoker: Pick<FunctionHost, 'invokeWithLog'>;
  port?: number;
  /** Where `Event` invocations that fail are reported (default: one line on stderr). */
  onAsyncFailure?: (fn: string, error: unknown) => void;
}

export async function startLambdaApi(options: LambdaApiOptions) {
  const { wiring } = options;
  const deployedAt = new Date();
  const api: LambdaApi = {
    wiring,
    invoker: options.invoker,
    onAsyncFailure:
      options.onAsyncFailure ??
      ((fn, error) =>
        void process.stderr.write(
          `[${fn}] asynchronous invocation failed: ${error instanceof FunctionError ? `${error.errorType}: ` : ''}${(error as Error)?.message ?? String(error)}\n`,
        )),
    configurations: Object.entries(wiring.functions).map(([name, decl]) => functionConfiguration(name, decl, deployedAt)),
    asynchronous: new Set<Promise<unknown>>(),
  };
  const server = createServer((req, res) => void handleRequest(api, req, res));
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
      });
      await Promise.all(api.asynchronous); // the function host's stop() lets them finish or refuses them
    },
  };
}

interface LambdaApi {
  wiring: Wiring;
  invoker: Pick<FunctionHost, 'invokeWithLog'>;
  onAsyncFailure: (fn: string, error: unknown) => void;
  configurations: ReturnType<typeof functionConfiguration>[];
  /** Event invocations still running. */
  asynchronous: Set<Promise<unknown>>;
}

type Send = (status: number, body: unknown, headers?: Record<string, string>) => void;
type Fail = (error: LambdaError) => void;

/** Answers one request: ListFunctions, or an Invoke that passed its checks. */
async function handleRequest(api: LambdaApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = randomUUID();
  const send: Send = (status, body, headers = {}) => {
    res.writeHead(status, { 'x-amzn-requestid': requestId, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  const fail: Fail = (error) => send(error.status, { Type: 'User', message: error.message }, { 'x-amzn-errortype': error.type });

  const url = new URL(req.url ?? '/', 'http://localhost');
  if (req.method === 'GET' && LIST_PATH.test(url.pathname)) {
    const page = listPage(api.configurations, url.searchParams.get('Marker'), url.searchParams.get('MaxItems'));
    if ('status' in page) return fail(page);
    return send(200, { Functions: page.items, ...(page.nextMarker ? { NextMarker: page.nextMarker } : {}) });
  }
  const match = INVOKE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || !match)
    return fail({
      status: 404,
      type: 'UnknownOperationException',
      message: `The twin's Lambda API has no ${req.method} ${url.pathname} (only Invoke and ListFunctions)`,
    });

  const target = resolveFunction(safeDecode(match[1]!), url.searchParams.get('Qualifier'), api.wiring.functions);
  if ('status' in target) return fail(target);
  const invocation = invocationOptions(header(req.headers['x-amz-invocation-type']), header(req.headers['x-amz-log-type']));
  if ('status' in invocation) return fail(invocation);

  const body = await readBody(req, MAX_REQUEST_BYTES);
  if (!body.ok) {
    if (body.tooLarge)
      return fail({
        status: 413,
        type: 'RequestEntityTooLargeException',
        message: `Request must be smaller than ${MAX_REQUEST_BYTES} bytes for the InvokeFunction operation`,
      });
    return void res.destroy();
  }
  let event: unknown;
  try {
    event = body.body.length ? JSON.parse(body.body.toString('utf8')) : {};
  } catch {
    return fail({ status: 400, type: 'InvalidRequestContentException', message: 'Could not parse request body into json' });
  }
  await invoke(api, { name: target.name, event, type: invocation.type, tail: invocation.tail }, send, fail);
}

/** Runs an Invoke by its invocation type: DryRun (204), Event (202, runs afterwards) or RequestResponse. */
async function invoke(
  api: LambdaApi,
  call: { name: string; event: unknown; type: InvocationType; tail: boolean },
  send: Send,
  fail: Fail,
): Promise<void> {
  if (call.type === 'DryRun') return send(204, undefined);
  if (call.type === 'Event') {
    const running = api.invoker.invokeWithLog(call.name, call.event).then(
      (outcome) => ('error' in outcome ? api.onAsyncFailure(call.name, outcome.error) : undefined),
      (error: unknown) => api.onAsyncFailure(call.name, error),
    );
    api.asynchronous.add(running);
    void running.finally(() => api.asynchronous.delete(running));
    return send(202, undefined);
  }
  try {
    const outcome = await api.invoker.invokeWithLog(call.name, call.event);
    const headers: Record<string, string> = { 'x-amz-executed-version': '$LATEST' };
    if (call.tail) headers['x-amz-log-result'] = logResult(outcome.log);
    if (!('error' in outcome)) return send(200, outcome.result ?? null, headers);
    const { error } = outcome;
    send(
      200,
      { errorType: error.timedOut ? 'Sandbox.Timedout' : error.errorType, errorMessage: error.message },
      { ...headers, 'x-amz-function-error': 'Unhandled' },
    );
  } catch (error) {
    if (error instanceof FunctionError && error.errorType === 'RequestEntityTooLargeException')
      return fail({ status: 413, type: error.errorType, message: error.message });
    fail({ status: 500, type: 'ServiceException', message: error instanceof Error ? error.message : String(error) });
  }
}

/** A header's single value (a repeated header counts as its first). */
function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
