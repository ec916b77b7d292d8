// npm run receiver [-- --port 4000] [--path /webhooks] [--event-types a,b.*] [--secret whsec_…] [--keep]
// A webhook endpoint on loopback for the running twin: without --secret it registers itself with
// the demo maintainer's token from .scorecast/local.json (and deletes that registration on Ctrl-C
// unless --keep); with --secret it serves an endpoint registered before. Every delivery's
// Standard Webhooks signature is verified and the delivery printed; a bad one is answered 400.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startSignedEndpoint } from './signed-endpoint.ts';
import { readLocalJson } from './state.ts';

export interface ReceiverOptions {
  /** The twin's HTTP API (local.json `http_url`). */
  httpUrl: string;
  /** A maintainer's token, to register the endpoint (not needed with `secret`). */
  token?: string;
  port?: number;
  path?: string;
  eventTypes?: string[];
  /** The secret of an endpoint registered before: nothing is registered. */
  secret?: string;
  print?: (line: string) => void;
}

export interface LocalReceiver {
  url: string;
  /** Set when this receiver registered itself. */
  webhookId: string | null;
  secret: string;
  /** Deliveries received: verified, refused. */
  counts: { verified: number; refused: number };
  /** Stops listening; deletes the registration it made unless `keep`. */
  close(options?: { keep?: boolean }): Promise<void>;
}

export async function startLocalReceiver(options: ReceiverOptions): Promise<LocalReceiver> {
  const print = options.print ?? ((line) => void process.stdout.write(`${line}\n`));
  const counts = { verified: 0, refused: 0 };
  const endpoint = await startSignedEndpoint({
    port: options.port ?? 4000,
    path: options.path ?? '/webhooks',
    secret: options.secret,
    registration: {
      httpUrl: options.httpUrl,
      token: options.token,
      collection: '/v1/webhooks',
      idField: 'webhook_id',
      body: (url) => ({ url, description: 'npm run receiver', ...(options.eventTypes?.length ? { event_types: options.eventTypes } : {}) }),
    },
    answer(request) {
      const id = request.headers['webhook-id'];
      if (!request.verified) {
        counts.refused++;
        print(`✗ ${request.method} ${request.url} webhook-id=${id ?? '-'}: signature refused (${request.reason})`);
        return { status: 400, contentType: 'text/plain', body: request.reason };
      }
      counts.verified++;
      let payload: { type?: string; data?: { priority?: string } } = {};
      try {
        payload = JSON.parse(request.body);
      } catch {
        // verified bytes that are not JSON: printed as they are
      }
      print(
        `✓ verified  ${payload.type ?? '?'}  webhook-id=${id}  priority=${payload.data?.priority ?? '-'}  x-correlation-id=${request.headers['x-correlation-id'] ?? '-'}`,
      );
      print(`  ${request.body}`);
      return { status: 204 };
    },
  });
  return { url: endpoint.url, webhookId: endpoint.registeredId, secret: endpoint.secret, counts, close: endpoint.close };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4000' },
      path: { type: 'string', default: '/webhooks' },
      'event-types': { type: 'string' },
      secret: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const local = readLocalJson();
  if (!local) {
    process.stderr.write('No running twin found (.scorecast/local.json is missing): start it with `npm start`.\n');
    process.exit(2);
  }
  const receiver = await startLocalReceiver({
    httpUrl: local.http_url,
    token: local.tokens.maintainer,
    port: Number(values.port),
    path: values.path,
    eventTypes: values['event-types']?.split(',').filter(Boolean),
    secret: values.secret,
  }).catch((error: Error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
  process.stdout.write(
    receiver.webhookId
      ? `Receiving on ${receiver.url}\n  registered as ${receiver.webhookId} (tenant ${local.tenant_id})\n  secret ${receiver.secret}\n  Ctrl-C unregisters it${values.keep ? ' (--keep: it stays registered)' : ''}\n\n`
      : `Receiving on ${receiver.url} (an endpoint registered before; verifying with the given secret)\n\n`,
  );
  const stop = async () => {
    await receiver.close({ keep: values.keep });
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
