// The twin survives any exception inside an embedded engine. dynalite rethrows every error that is
// not one of its own API errors (a stack overflow validating a deeply nested document, a LevelDB
// failure), which ends the whole process; fauxqs (Fastify) answers such errors 500 in Fastify's
// shape. Here both answer as the services do for their own internal errors — DynamoDB 500
// `InternalServerError`, SQS 500 `InternalFailure` — log the exception, and keep serving.
//
// Covered in dynalite: everything its request handler does synchronously (reading the body,
// validation, dispatch) and every error an action reports or throws synchronously. Not covered: a
// throw deep inside an action's own asynchronous callbacks (no such path is known), and in fauxqs a
// throw from its own timers (delays, visibility) outside any request.
import { readdirSync } from 'node:fs';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

export type EngineErrorLog = (engine: 'dynamodb' | 'sqs', error: unknown) => void;

/** The default: one line with the stack on stderr. */
export const logEngineError: EngineErrorLog = (engine, error) =>
  void process.stderr.write(
    `[${engine}] internal error (answered 500, still serving): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );

/** DynamoDB's answer to its own internal failure (HTTP 500; the SDK retries it, then throws InternalServerError). */
export const DYNAMODB_INTERNAL_ERROR = {
  __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError',
  message: 'Internal server error',
} as const;

/** SQS's answer to its own internal failure (HTTP 500; JSON protocol, with the query-protocol error header). */
export const SQS_INTERNAL_ERROR = {
  __type: 'com.amazonaws.sqs#InternalFailure',
  message: 'The request processing has failed because of an unknown error, exception or failure.',
} as const;

type Dynalite = (options: Record<string, unknown>) => Server;
type DynaliteAction = (store: unknown, data: unknown, callback: (error: unknown, result?: unknown) => void) => void;

/** Where a dynalite instance's actions report: kept in its options, which its store holds (`store.options`). */
const REPORT = Symbol('scorecast.engineErrorLog');
let dynaliteModule: Dynalite | undefined;

/** A dynalite server whose every exception answers 500 InternalServerError and goes to `log`. */
export function createGuardedDynalite(options: Record<string, unknown>, log: EngineErrorLog = logEngineError): Server {
  const server = loadDynalite()({ ...options, [REPORT]: log });
  guardDynaliteServer(server, log);
  return server;
}

/**
 * dynalite, with each action wrapped so an error that is not one of its API errors comes back as a
 * 500 InternalServerError instead of being rethrown. The action modules are wrapped in Node's module
 * cache before dynalite's index requires them (it keeps them in a private table).
 */
function loadDynalite(): Dynalite {
  if (dynaliteModule) return dynaliteModule;
  const require = createRequire(import.meta.url);
  const main = require.resolve('dynalite');
  if (!require.cache[main]) {
    const actionsDir = path.join(path.dirname(main), 'actions');
    for (const file of readdirSync(actionsDir).filter((name) => name.endsWith('.js'))) {
      const modulePath = path.join(actionsDir, file);
      const action = require(modulePath) as unknown;
      const cached = require.cache[modulePath];
      if (typeof action === 'function' && cached) cached.exports = guardAction(action as DynaliteAction);
    }
  }
  return (dynaliteModule = require('dynalite') as Dynalite);
}

function guardAction(action: DynaliteAction): DynaliteAction {
  return (store, data, callback) => {
    let answered = false;
    const log = ((store as { options?: Record<symbol, unknown> } | undefined)?.options?.[REPORT] as EngineErrorLog | undefined) ?? logEngineError;
    const report = (error: unknown) => log('dynamodb', error);
    const once = (error: unknown, result?: unknown) => {
      if (answered) return;
      answered = true;
      if (error && !(error as { statusCode?: unknown }).statusCode) {
        report(error);
        callback({ statusCode: 500, body: DYNAMODB_INTERNAL_ERROR });
      } else callback(error, result);
    };
    try {
      action(store, data, once);
    } catch (error) {
      if (answered) report(error);
      else once(error);
    }
  };
}

/**
 * Every exception of dynalite's request handling — the handler, the listeners it puts on the
 * request (the body is validated in `end`), its actions' errors — answers that request 500
 * InternalServerError and is logged; the server keeps serving.
 */
function guardDynaliteServer(server: Server, log: EngineErrorLog): void {
  const handlers = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const fail = (error: unknown) => {
      log('dynamodb', error);
      answerInternalError(req, res);
    };
    guardListeners(req, fail);
    for (const handler of handlers) {
      try {
        handler.call(server, req, res);
      } catch (error) {
        fail(error);
      }
    }
  });
}

/** Wraps each listener later added to `emitter` so a throw goes to `fail` instead of the event loop. */
function guardListeners(emitter: IncomingMessage, fail: (error: unknown) => void): void {
  for (const method of ['on', 'addListener', 'once', 'prependListener', 'prependOnceListener'] as const) {
    const add = emitter[method] as (event: string | symbol, listener: (...args: unknown[]) => void) => IncomingMessage;
    emitter[method] = function (this: IncomingMessage, event: string | symbol, listener: (...args: unknown[]) => void) {
      return add.call(this, event, function (this: unknown, ...args: unknown[]) {
        try {
          listener.apply(this, args);
        } catch (error) {
          fail(error);
        }
      });
    } as IncomingMessage[typeof method];
  }
}

function answerInternalError(req: IncomingMessage, res: ServerResponse): void {
  req.removeAllListeners('data');
  req.removeAllListeners('end');
  if (res.headersSent || res.writableEnded) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(DYNAMODB_INTERNAL_ERROR);
  res.statusCode = 500;
  res.setHeader('Content-Type', 'application/x-amz-json-1.0');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
  req.resume(); // drain whatever of the body is left, so the connection can be reused
}

interface FastifyLike {
  setErrorHandler(
    handler: (
      error: Error & { statusCode?: number },
      request: unknown,
      reply: { status(code: number): unknown; header(name: string, value: string): unknown; send(payload: unknown): unknown },
    ) => unknown,
  ): unknown;
}

/**
 * fauxqs: an exception in a request (a handler, a hook) answers 500 InternalFailure as SQS does, and
 * is logged. Client errors Fastify raises itself (a body it cannot parse, too large) keep their status.
 */
export function guardFauxqs(app: FastifyLike, log: EngineErrorLog = logEngineError): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error.statusCode !== undefined && error.statusCode < 500) return reply.send(error);
    log('sqs', error);
    reply.status(500);
    reply.header('content-type', 'application/x-amz-json-1.0');
    reply.header('x-amzn-query-error', 'AWS.SimpleQueueService.InternalFailure;Receiver');
    return reply.send(SQS_INTERNAL_ERROR);
  });
}
