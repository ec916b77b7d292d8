// Per-channel sequence numbers: one counter item per (tenant, channel), moved by an atomic ADD.
// Every update takes the next number(s) when it is published, so redeliveries of the same update
// carry the same seq (a client drops what it has seen) and a lost one shows as a gap (the client
// resubscribes). The item expires a day after its last use; subscribing renews it, so a counter
// can only restart from 0 when no connection (at most 2 hours old) can remember it.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { epochSeconds, keys } from './keys.ts';

export const SEQ_TTL_SECONDS = 24 * 60 * 60;

async function add(tenantId: string, channel: string, count: number, now: Date): Promise<number> {
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.channelSeq(tenantId, channel),
      UpdateExpression: 'ADD #seq :n SET expires_at = :expires, #type = :type',
      ExpressionAttributeNames: { '#seq': 'seq', '#type': 'type' },
      ExpressionAttributeValues: { ':n': count, ':expires': epochSeconds(now) + SEQ_TTL_SECONDS, ':type': 'channel_seq' },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.seq ?? 0);
}

/** Takes `count` consecutive numbers for a channel's next update(s); returns the last one. */
export const advanceSeq = (tenantId: string, channel: string, count = 1, now = new Date()) => add(tenantId, channel, count, now);

/** The channel's latest seq (0 before any update), renewing the counter's life for a new subscriber. */
export const currentSeq = (tenantId: string, channel: string, now = new Date()) => add(tenantId, channel, 0, now);
