// How a publish's numbered channel updates travel on the broadcast queue. Plain TypeScript.
//
// A channel's updates go in runs of at most MAX_UPDATES_PER_MESSAGE (and MAX_MESSAGE_DATA_BYTES of
// data), as `update` messages packed with `more`. Runs of different channels of a tenant then share
// a message — an `updates` message of at most MAX_CHANNELS_PER_MESSAGE channels, each channel once —
// so the channels one platform event reaches are one SendMessage entry and one worker invocation,
// not one per channel. A message of one run is an `update`, as before `updates` existed.
import { MAX_CHANNELS_PER_MESSAGE, type BroadcastUpdate, type BroadcastUpdates, type ChannelPart, type UpdateItem } from './broadcast-message.ts';

/** One WebSocket update with its seq taken, ready to travel. */
export interface NumberedUpdate {
  tenantId: string;
  channel: string;
  item: Omit<UpdateItem, 'correlation_id'>;
  correlationId: string;
  /** Bytes of the item's data as JSON. */
  bytes: number;
}

export interface PackedMessage {
  body: BroadcastUpdate | BroadcastUpdates;
  /** The message's correlation id; an update with another carries its own. */
  correlationId: string;
}

/**
 * Updates of one channel in one message at most: each subscriber gets a message's updates one after
 * another, so this bounds how long the last waits (in AWS ~15 ms a post).
 */
export const MAX_UPDATES_PER_MESSAGE = 10;
/**
 * Data of one message's updates at most: SQS takes 256 KB, and a shard of throttled posts sent back
 * carries a channel's updates plus up to MAX_SHARD_SIZE targets (~80 KB). Each part is < 32 KB (one frame).
 */
export const MAX_MESSAGE_DATA_BYTES = 128 * 1024;

interface Run {
  tenantId: string;
  channel: string;
  updates: NumberedUpdate[];
  bytes: number;
}

/** The updates as broadcast messages; within a channel, in the order given (their seq order). */
export function packUpdates(updates: readonly NumberedUpdate[]): PackedMessage[] {
  const messages: Run[][] = [];
  for (const run of runsOf(updates)) {
    const fits = (message: Run[]) =>
      message[0]!.tenantId === run.tenantId &&
      message.length < MAX_CHANNELS_PER_MESSAGE &&
      !message.some((other) => other.channel === run.channel) &&
      message.reduce((sum, other) => sum + other.bytes, run.bytes) <= MAX_MESSAGE_DATA_BYTES;
    const message = messages.find(fits);
    if (message) message.push(run);
    else messages.push([run]);
  }
  return messages.map(messageOf);
}

/** Each channel's updates, in first-seen order of the channels, cut into runs that fit one message. */
function runsOf(updates: readonly NumberedUpdate[]): Run[] {
  const byChannel = new Map<string, Run[]>();
  for (const update of updates) {
    const key = `${update.tenantId}\u0000${update.channel}`;
    const runs = byChannel.get(key) ?? byChannel.set(key, []).get(key)!;
    const last = runs.at(-1);
    if (last && last.updates.length < MAX_UPDATES_PER_MESSAGE && last.bytes + update.bytes <= MAX_MESSAGE_DATA_BYTES) {
      last.updates.push(update);
      last.bytes += update.bytes;
    } else runs.push({ tenantId: update.tenantId, channel: update.channel, updates: [update], bytes: update.bytes });
  }
  return [...byChannel.values()].flat();
}

function messageOf(runs: Run[]): PackedMessage {
  const correlationId = runs[0]!.updates[0]!.correlationId;
  // An update names its correlation id only when it differs from the message's.
  const itemOf = (update: NumberedUpdate): UpdateItem =>
    update.correlationId === correlationId ? { ...update.item } : { ...update.item, correlation_id: update.correlationId };
  const partOf = (run: Run): ChannelPart => {
    const [first, ...more] = run.updates.map(itemOf);
    return { channel: run.channel, ...first!, ...(more.length > 0 ? { more } : {}) };
  };
  const tenantId = runs[0]!.tenantId;
  const body: BroadcastUpdate | BroadcastUpdates =
    runs.length === 1
      ? { kind: 'update', tenant_id: tenantId, ...partOf(runs[0]!) }
      : { kind: 'updates', tenant_id: tenantId, channels: runs.map(partOf) };
  return { body, correlationId };
}
