// Posts to WebSocket clients through API Gateway's @connections endpoint. A gone client is an
// answer ('gone'), not an error: SDK v3 reports it as GoneException / HTTP 410. Throttling
// (429 LimitExceededException, the account's request quota) and transient failures are 'retry':
// the callers own the retry policy (a few backoffs here for single answers; the fan-out also sends
// still-throttled posts back through the queue), so the SDK's own retries are off.
import { setTimeout as pause } from 'node:timers/promises';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ApiGatewayManagementApiClient, DeleteConnectionCommand, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { requiredEnv } from '#shared/config/env.ts';
import { readSettingsIfSet } from '#shared/config/settings.ts';
import { BROADCAST_POST_CONCURRENCY } from '#shared/contract/settings.ts';
import { fullJitterDelayMs } from '#shared/retry/backoff.ts';

/**
 * Sockets kept open to @connections: one keep-alive pool per container, as wide as the fan-out's
 * concurrency where the function declares BROADCAST_POST_CONCURRENCY (the broadcast worker; its
 * default lives in the declaration). Elsewhere (single answers, closes) the callers bound their own
 * concurrency, so the pool has Node's default: no cap.
 */
const maxSockets = readSettingsIfSet({ BROADCAST_POST_CONCURRENCY }).BROADCAST_POST_CONCURRENCY ?? Number.POSITIVE_INFINITY;

/**
 * Exported for the bench's floor, which must post through exactly this client. `cacheMiddleware`
 * resolves the middleware stack once per command class instead of once per post: a quarter less
 * CPU per PostToConnection (0.30 → 0.22 ms measured), which a 2,000-connection fan-out pays 2,000 times.
 */
export const managementClient = new ApiGatewayManagementApiClient({
  endpoint: requiredEnv('WEBSOCKET_CALLBACK_URL'),
  maxAttempts: 1,
  cacheMiddleware: true,
  requestHandler: {
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
    connectionTimeout: 1000,
    requestTimeout: 3000,
  },
});

/** Backoff between the tries of one answer or one close. */
const BACKOFF = { baseMs: 50, capMs: 1000 };

export type PostOutcome = 'sent' | 'gone' | 'retry' | 'failed';

// API Gateway's own name for a 429 (the account's request quota), and the generic one.
const THROTTLED = ['LimitExceededException', 'TooManyRequestsException'];

const statusOf = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;

export const isGone = (error: unknown) => (error as { name?: string })?.name === 'GoneException' || statusOf(error) === 410;

export const isThrottled = (error: unknown) => THROTTLED.includes((error as { name?: string })?.name ?? '') || statusOf(error) === 429;

/** What a failed post means: gone (forget the connection), retry (throttled, 5xx, network) or failed (4xx: our fault). */
export function postOutcomeOf(error: unknown): Exclude<PostOutcome, 'sent'> {
  if (isGone(error)) return 'gone';
  if (isThrottled(error)) return 'retry';
  const status = statusOf(error);
  return status === undefined || status >= 500 ? 'retry' : 'failed';
}

/** One post of already-serialised data; never throws. */
export async function postData(connectionId: string, data: string): Promise<{ outcome: PostOutcome; error?: unknown }> {
  try {
    await managementClient.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
    return { outcome: 'sent' };
  } catch (error) {
    return { outcome: postOutcomeOf(error), error };
  }
}

/** Posts one message (an answer to a client's frame), retrying throttling with backoff; throws when it cannot. */
export async function postToConnection(connectionId: string, message: unknown, attempts = 4): Promise<'sent' | 'gone'> {
  const data = JSON.stringify(message);
  for (let attempt = 1; ; attempt++) {
    const { outcome, error } = await postData(connectionId, data);
    if (outcome === 'sent' || outcome === 'gone') return outcome;
    if (outcome === 'failed' || attempt >= attempts) throw error;
    await pause(fullJitterDelayMs(attempt, BACKOFF));
  }
}

export async function closeConnection(connectionId: string, attempts = 3): Promise<'closed' | 'gone'> {
  for (let attempt = 1; ; attempt++) {
    try {
      await managementClient.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      return 'closed';
    } catch (error) {
      const outcome = postOutcomeOf(error);
      if (outcome === 'gone') return 'gone';
      if (outcome === 'failed' || attempt >= attempts) throw error;
      await pause(fullJitterDelayMs(attempt, BACKOFF));
    }
  }
}
