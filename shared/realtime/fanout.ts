// The broadcast worker's job for one message: find who listens, post to each with bounded
// concurrency, forget the gone, and neither lose nor flood on throttling.
//
// - An `updates` message (several channels' updates published together) is each channel's `update`
//   at once: their audiences queried in parallel, the first shard's size shared between the channels
//   that have an audience.
// - An `update` resolves its channel's audience from the registry (one Query). An audience above
//   the first shard's size is split: every shard but the first goes back on the broadcast queue
//   (in the cloud each is its own invocation, posting in parallel), and this invocation posts the
//   first, which may be larger: it has no queue hop to make.
// - Posts share one concurrency limit per container (all records of a batch together), and each
//   message is serialised once per view (the subscribers' visible locations), not once per post.
// - A message packing several updates of the channel (`more`) posts them to each connection one
//   after another, in seq order (connections in parallel), with shards smaller in proportion.
// - 410 Gone removes exactly that connection and its subscriptions.
// - Throttled or failing posts back off and are tried again (POST_ATTEMPTS); those still throttled
//   go back on the queue as a smaller shard with a delay, each connection from its first update
//   not yet posted. After `maxAttempts` rounds the message fails, so SQS retries it and finally
//   dead-letters it (recorded, and redrivable).
import { setTimeout as pause } from 'node:timers/promises';
import type { Logger } from '@aws-lambda-powertools/logger';
import { postData, type PostOutcome } from './connections-api.ts';
import { concurrencyLimit } from '#shared/concurrency.ts';
import { sendBroadcasts } from '#shared/queue/broadcast.ts';
import { forgetGoneSubscriber, subscribersOf } from '#shared/store/subscriptions.ts';
import {
  channelMessagesOf,
  itemsOf,
  MAX_SHARD_SIZE,
  planShards,
  POST_ATTEMPTS,
  redeliveryDelaySeconds,
  retryDelayMs,
  shardMessage,
  type BroadcastMessage,
  type BroadcastShard,
  type BroadcastUpdate,
  type Shard,
  type Subscriber,
  type Target,
} from './broadcast-message.ts';
import { viewFor } from './channels.ts';
import { visibleUpdateData } from '#shared/benchmarks/visibility.ts';
import type { ServerMessage } from './protocol.ts';

export interface FanoutSettings {
  /** Most connections one invocation posts to; larger audiences are split into shards. */
  shardSize: number;
  /** Connections the invocation that resolves the audience posts itself (default: shardSize). */
  firstShardSize?: number;
  /** Posts in flight at once per container. */
  concurrency: number;
  /** Rounds through the queue for throttled posts before the message fails. */
  maxAttempts: number;
  /** Tries of one post within an invocation before it is sent back through the queue (default POST_ATTEMPTS). */
  postAttempts?: number;
}

export interface FanoutReport {
  /** Connections this message had to reach (the whole audience for an update, the targets for a shard). */
  audience: number;
  /** Shards sent back to the queue for other invocations. */
  shardsDispatched: number;
  sent: number;
  gone: number;
  /** Posts that were tried again within the invocation (throttling, 5xx, network). */
  retried: number;
  /** Posts sent back through the queue, still throttled. */
  deferred: number;
  /** Posts refused for good (a 4xx other than 410 and 429): logged, not retried. */
  failed: number;
}

/** One limit for every post of this container, whichever record it belongs to: fanOutBroadcast() sizes it from its settings. */
const posts = concurrencyLimit(1);
const cleanups = concurrencyLimit(8);

export async function fanOutBroadcast(
  message: BroadcastMessage,
  correlationId: string,
  settings: FanoutSettings,
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<FanoutReport> {
  posts.resize(settings.concurrency);
  if (message.kind === 'shard') return postShard(message, message, correlationId, settings, logger);
  if (message.kind === 'update')
    return fanOutUpdate(message, await subscribersOf(message.tenant_id, message.channel), correlationId, settings, logger);

  const updates = channelMessagesOf(message);
  const audiences = await Promise.all(updates.map((update) => subscribersOf(update.tenant_id, update.channel)));
  // The channels with an audience share the first shard's size: this invocation posts about as much as for one channel.
  const watched = Math.max(1, audiences.filter((audience) => audience.length > 0).length);
  const shared = { ...settings, firstShardSize: Math.floor((settings.firstShardSize ?? settings.shardSize) / watched) };
  // Every channel runs to its end before a failure is thrown (the whole message is then retried: same seqs, dropped by clients as seen).
  const outcomes = await Promise.allSettled(updates.map((update, i) => fanOutUpdate(update, audiences[i]!, correlationId, shared, logger)));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure) throw failure.reason;
  return outcomes.reduce((sum, outcome) => (outcome.status === 'fulfilled' ? addReports(sum, outcome.value) : sum), report(0));
}

/** One channel's update: its audience (queried by the caller) in shards, the first posted here, the others through the queue. */
async function fanOutUpdate(
  message: BroadcastUpdate,
  audience: readonly Subscriber[],
  correlationId: string,
  settings: FanoutSettings,
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<FanoutReport> {
  // A message of several updates is several posts per connection: shards shrink to keep the posts per invocation.
  const perConnection = itemsOf(message).length;
  const sized = (connections: number) => Math.max(1, Math.floor(connections / perConnection));
  const [own, ...others] = planShards(audience, sized(settings.shardSize), sized(settings.firstShardSize ?? settings.shardSize));
  if (!own) return report(0);
  // The other shards leave first: they have a queue hop to make while this invocation posts its own.
  const dispatched = others.length
    ? sendBroadcasts(others.map((shard, i) => ({ body: shardMessage(message, shard, `${i + 2}/${others.length + 1}`), correlationId })))
    : Promise.resolve();
  dispatched.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const posted = await postShard(message, { ...own, attempt: 1, shard: `1/${others.length + 1}` }, correlationId, settings, logger);
  await dispatched;
  return { ...posted, audience: audience.length, shardsDispatched: others.length };
}

const addReports = (a: FanoutReport, b: FanoutReport): FanoutReport => ({
  audience: a.audience + b.audience,
  shardsDispatched: a.shardsDispatched + b.shardsDispatched,
  sent: a.sent + b.sent,
  gone: a.gone + b.gone,
  retried: a.retried + b.retried,
  deferred: a.deferred + b.deferred,
  failed: a.failed + b.failed,
});

const report = (audience: number): FanoutReport => ({ audience, shardsDispatched: 0, sent: 0, gone: 0, retried: 0, deferred: 0, failed: 0 });

/**
 * The WebSocket messages each view of the message's updates becomes (per view, per update),
 * serialised once: a view is a group of subscribers who may see the same locations and, with hidden
 * test sets, the same of a score (its audience; none: everything).
 */
export function renderViews(
  update: BroadcastUpdate | BroadcastShard,
  views: Shard['views'],
  correlationId: string,
  audiences?: Shard['audiences'],
): string[][] {
  const items = itemsOf(update);
  return views.map((locations, view) =>
    items.map((item) => {
      const located = viewFor(item.data, locations);
      const audience = audiences?.[view];
      const message: ServerMessage = {
        type: 'update',
        channel: update.channel,
        seq: item.seq,
        data: audience ? visibleUpdateData(located, audience) : located,
        ts: item.occurred_at,
        correlation_id: item.correlation_id ?? correlationId,
      };
      return JSON.stringify(message);
    }),
  );
}

/** One post, tried again within the invocation while it is throttled or failing transiently. */
async function postWithRetries(connectionId: string, payload: string, postAttempts: number, result: FanoutReport) {
  let last: { outcome: PostOutcome; error?: unknown } = { outcome: 'retry' };
  for (let attempt = 1; attempt <= postAttempts; attempt++) {
    if (attempt > 1) {
      result.retried++;
      await pause(retryDelayMs(attempt - 1));
    }
    last = await posts.run(() => postData(connectionId, payload));
    if (last.outcome !== 'retry') break;
  }
  return last;
}

async function postShard(
  update: BroadcastUpdate | BroadcastShard,
  shard: Shard & { attempt: number; shard: string },
  correlationId: string,
  settings: FanoutSettings,
  logger?: Pick<Logger, 'info' | 'warn' | 'error'>,
): Promise<FanoutReport> {
  const result = report(shard.targets.length);
  const payloads = renderViews(update, shard.views, correlationId, shard.audiences);
  const postAttempts = Math.max(1, settings.postAttempts ?? POST_ATTEMPTS);
  const gone: string[] = [];
  const deferred: { subscriber: Subscriber; from: number }[] = [];

  // Each connection gets the message's updates one after another, in seq order; connections in parallel.
  await Promise.all(
    shard.targets.map(async ([connectionId, view, from = 0]) => {
      const own = payloads[view]!;
      for (let index = from; index < own.length; index++) {
        const last = await postWithRetries(connectionId, own[index]!, postAttempts, result);
        if (last.outcome === 'sent') result.sent++;
        else if (last.outcome === 'gone') return void gone.push(connectionId);
        else if (last.outcome === 'retry')
          return void deferred.push({
            subscriber: { connectionId, locations: shard.views[view] ?? null, ...(shard.audiences ? { audience: shard.audiences[view] } : {}) },
            from: index,
          });
        else {
          result.failed++;
          logger?.error('Post refused, not retried', { connection_id: connectionId, error: String(last.error) });
        }
      }
    }),
  );

  result.gone = gone.length;
  await Promise.all(gone.map((id) => cleanups.run(() => forgetGoneSubscriber(update.tenant_id, update.channel, id))));

  if (deferred.length > 0) {
    result.deferred = deferred.length;
    if (shard.attempt >= settings.maxAttempts) throw new Error(`${deferred.length} posts still throttled after ${shard.attempt} rounds`);
    // Sent back with each connection's first update not yet posted: no subscriber gets one twice.
    const planned = planShards(
      deferred.map((d) => d.subscriber),
      MAX_SHARD_SIZE,
    )[0]!;
    const targets = planned.targets.map(([id, view], i): Target => (deferred[i]!.from > 0 ? [id, view, deferred[i]!.from] : [id, view]));
    const again = shardMessage(update, { views: planned.views, audiences: planned.audiences, targets }, shard.shard, shard.attempt + 1);
    logger?.warn('Throttled posts sent back', { deferred: deferred.length, attempt: again.attempt });
    await sendBroadcasts([{ body: again, correlationId, delaySeconds: redeliveryDelaySeconds(again.attempt) }]);
  }
  return result;
}
