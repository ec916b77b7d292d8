// What travels on the broadcast queue, and how an audience becomes shards. Plain TypeScript; the
// queue's schema, checked before the worker sees a message, is shared/queue/broadcast.ts.
//
// - `update`: one WebSocket update for one channel of one tenant, with its `seq` already taken
//   (shared/events/broadcast-sink.ts), and possibly `more` updates of the same channel published
//   together (a batch of status changes): one message, one audience Query, each subscriber getting
//   them in seq order. The worker resolves the channel's audience from the registry; an audience
//   larger than the shard size is split into `shard` messages.
// - `updates`: the updates of several channels published together — the channels one platform
//   event reaches (a scored submission: its submission, its board, `events`) — each channel's part
//   shaped as an `update` message's fields (its seq taken, its `more`): one SendMessage, one
//   invocation, the audiences queried in parallel. Only channels someone watched at publish travel
//   (docs/decisions.md, "Real-time"). A message of one channel is an `update`.
// - `shard`: the same update plus the connections to post it to (at most the shard size), each
//   with the index of its view (the locations it may see). Shards go back on the broadcast queue,
//   so in the cloud each is its own worker invocation, posting in parallel with the others; a
//   shard re-sent with the posts that were throttled carries a higher `attempt`.
import type { Audience } from '#shared/benchmarks/visibility.ts';
import { viewKey } from './channels.ts';
import { fullJitterDelayMs } from '#shared/retry/backoff.ts';

/** One WebSocket update of the channel. */
export interface UpdateItem {
  seq: number;
  /** The platform event (or kind of update) behind it, e.g. submission.scored. */
  type: string;
  data: Record<string, unknown>;
  occurred_at: string;
  /** When it differs from the message's (updates of several publishes packed together). */
  correlation_id?: string;
}

/** One channel's updates in a message: the first one's fields, then `more`. */
export interface ChannelPart extends UpdateItem {
  channel: string;
  /** Later updates of the same channel, in seq order, sent in the same message. */
  more?: UpdateItem[];
}

interface Update extends ChannelPart {
  tenant_id: string;
}

/** Every update a message carries, in the order each subscriber gets them. */
export const itemsOf = (message: Update): UpdateItem[] => [
  {
    seq: message.seq,
    type: message.type,
    data: message.data,
    occurred_at: message.occurred_at,
    ...(message.correlation_id === undefined ? {} : { correlation_id: message.correlation_id }),
  },
  ...(message.more ?? []),
];

export interface BroadcastUpdate extends Update {
  kind: 'update';
}

export interface BroadcastShard extends Update {
  kind: 'shard';
  /** `i/n`, for logs. */
  shard: string;
  /** 1 for a shard of an update; grows each time throttled posts are sent again. */
  attempt: number;
  /** The distinct location sets of the shard's subscribers (null: every location). */
  views: (string[] | null)[];
  /** Hidden test sets: the audience of each view (what its subscribers may see of a score); absent: everything. */
  audiences?: Audience[];
  /** [connection id, index into views] — and, for posts sent back part-way, the index of the first item still to post. */
  targets: Target[];
}

export type Target = [connectionId: string, view: number, from?: number];

/** Several channels' updates published together (at most MAX_CHANNELS_PER_MESSAGE, each channel once). */
export interface BroadcastUpdates {
  kind: 'updates';
  tenant_id: string;
  channels: ChannelPart[];
}

export type BroadcastMessage = BroadcastUpdate | BroadcastUpdates | BroadcastShard;

/** Channels one `updates` message carries at most: the invocation queries their audiences in parallel. */
export const MAX_CHANNELS_PER_MESSAGE = 10;

/** Each channel of an `updates` message as the `update` message it would travel as alone. */
export const channelMessagesOf = (message: BroadcastUpdates): BroadcastUpdate[] =>
  message.channels.map((part) => ({ kind: 'update', tenant_id: message.tenant_id, ...part }));

export interface Subscriber {
  connectionId: string;
  /** The locations the subscriber's principal may see (null: all). */
  locations: string[] | null;
  /** Hidden test sets: what the subscriber may see of a score (visibility.ts); absent: everything. */
  audience?: Audience;
}

export interface Shard {
  views: (string[] | null)[];
  /** Parallel to views, when any subscriber has an audience. */
  audiences?: Audience[];
  targets: Target[];
}

/** Largest shard the settings allow: a shard message must stay well under SQS's 256 KB. */
export const MAX_SHARD_SIZE = 2000;

const bounded = (size: number) => Math.max(1, Math.min(MAX_SHARD_SIZE, Math.floor(size)));

/**
 * The audience in shards, in order: the first of at most `firstShardSize` connections (the
 * invocation that resolved the audience posts it while the others make their queue hop, so it can
 * take more), then shards of at most `shardSize`. Each shard lists only its own views.
 */
export function planShards(audience: readonly Subscriber[], shardSize: number, firstShardSize = shardSize): Shard[] {
  const size = bounded(shardSize);
  const first = bounded(Math.max(size, firstShardSize));
  const shards: Shard[] = [];
  for (let start = 0; start < audience.length; start += start === 0 ? first : size) {
    const views: (string[] | null)[] = [];
    // A view is what one group of subscribers may see: the same locations and the same audience.
    const audiences: (Audience | undefined)[] = [];
    const index = new Map<string, number>();
    const targets: Target[] = [];
    for (const subscriber of audience.slice(start, start + (start === 0 ? first : size))) {
      const key = `${viewKey(subscriber.locations)}|${subscriber.audience ?? ''}`;
      let view = index.get(key);
      if (view === undefined) {
        view = views.push(subscriber.locations === null ? null : [...new Set(subscriber.locations)].sort()) - 1;
        audiences.push(subscriber.audience);
        index.set(key, view);
      }
      targets.push([subscriber.connectionId, view]);
    }
    shards.push(audiences.some((a) => a !== undefined) ? { views, audiences: audiences.map((a) => a ?? 'maintainer'), targets } : { views, targets });
  }
  return shards;
}

export function shardMessage(update: BroadcastUpdate | BroadcastShard, shard: Shard, label: string, attempt = 1): BroadcastShard {
  // A shard sent again lists its own views: never the audiences of the views it came with.
  const { audiences: _theirs, ...rest } = update as BroadcastShard;
  return {
    ...rest,
    kind: 'shard',
    shard: label,
    attempt,
    views: shard.views,
    ...(shard.audiences ? { audiences: shard.audiences } : {}),
    targets: shard.targets,
  };
}

/**
 * Tries of one post within an invocation. With full-jitter waits capped at 1 s, ten tries ride out
 * several seconds of the account quota being exhausted (a 20,000-connection fan-out) inside the
 * invocation, instead of sending most posts back through the queue (bench/fanout-model.ts).
 */
export const POST_ATTEMPTS = 10;

/**
 * Backoff before a post is tried again within one invocation: full jitter over a capped
 * exponential step (attempt 1 → up to 50 ms, 2 → 100 ms, 3 → 200 ms, …, at most 1 s).
 */
export const retryDelayMs = (attempt: number, random = Math.random) => Math.round(fullJitterDelayMs(attempt, { baseMs: 25, capMs: 1000 }, random));

/** Delay before a shard of throttled posts comes back from the queue (seconds: SQS's granularity). */
export const redeliveryDelaySeconds = (attempt: number) => Math.min(60, 2 ** (attempt - 1));
