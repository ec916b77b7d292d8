// The Lambda Invoke API on loopback (`POST /2015-03-31/functions/{name}/invocations`), so
// `npm run invoke`, `aws lambda invoke --endpoint-url` and the SDK's LambdaClient run a declared
// function inside the running twin, with the twin's engines and environment.
import { createServer } from 'node:http';
import type { Wiring } from '#infra/wiring-types.ts';
import { listen } from './http-common.ts';
import { FunctionError, type Invoker } from './invoker.ts';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations(?:\?.*)?$/;

export async function startLambdaApi(options: { wiring: Wiring; invoker: Invoker; port?: number }) {
  const server = createServer((req, res) => {
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body ?? null));
    const match = req.method === 'POST' ? INVOKE_PATH.exec(req.url ?? '') : null;
    if (!match) return send(404, { message: 'Not Found' });
    const name = decodeURIComponent(match[1]!).split(':').pop()!;
    if (!options.wiring.functions[name])
      return send(404, { Type: 'User', message: `Function not found: ${name}` }, { 'x-amzn-errortype': 'ResourceNotFoundException' });
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      let event: unknown;
      try {
        event = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return send(400, { Type: 'User', message: 'Could not parse request body into json' }, { 'x-amzn-errortype': 'InvalidRequestContentException' });
      }
      try {
        send(200, await options.invoker.invoke(name, event), { 'x-amz-executed-version': '$LATEST' });
      } catch (error) {
        const failure = error instanceof FunctionError ? error : new FunctionError(name, 'Error', String(error));
        send(200, { errorType: failure.timedOut ? 'Sandbox.Timedout' : failure.errorType, errorMessage: failure.message }, {
          'x-amz-function-error': 'Unhandled',
        });
      }
    });
  });
  const port = await listen(server, options.port ?? 0);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeIdleConnections();
        server.close(() => resolve());
      }),
  };
}
