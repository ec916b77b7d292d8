// Dead-letter records (one item per message a queue gave up on, in the tenant's partition for that
// queue, newest first) and each queue message's latest failure.
//
// The failure item (MSGERR#<message_id>) is written by the worker plumbing whenever a handler throws
// and read by the dead-letter recorder: SQS keeps a message's MessageId when it moves it to the DLQ.
// The recorder also stamps it with the time it first recorded the message, so a redelivered DLQ
// message lands on the same record key (`<recorded_at>#<message_id>`) instead of a second record.
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeadLetter, MessageAttribute } from '#shared/dead-letters/dead-letter.ts';
import { documentClient, tableName } from './client.ts';
import { isConditionFailure, setClause } from './expressions.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { epochSeconds, isLive, keys } from './keys.ts';
import { queryPages } from './page.ts';

type Item = Record<string, any>;

/** A failure outlives any queue's retries (maxReceiveCount × visibility timeout); then it is noise. */
const FAILURE_TTL_SECONDS = 2 * 86_400;
/** Once recorded, the stamp lives as long as a DLQ keeps a message (14 days), for redeliveries. */
const RECORDING_TTL_SECONDS = 14 * 86_400;
/** A redriven record stays listed this long, then expires; a pending one never does. */
const REDRIVEN_RETENTION_SECONDS = 30 * 86_400;
const MAX_ERROR_LENGTH = 1000;

export interface MessageFailure {
  error: string;
  /** The receive that failed (1 on the first delivery). */
  receiveCount: number;
  failedAt: string;
}

/** Remembers a message's latest failure (the worker plumbing, on every handler error). */
export async function rememberFailure(messageId: string, failure: MessageFailure): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.messageFailure(messageId),
      UpdateExpression: 'SET #type = :type, last_error = :error, receive_count = :count, failed_at = :at, expires_at = :expires',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'message_failure',
        ':error': failure.error.slice(0, MAX_ERROR_LENGTH),
        ':count': failure.receiveCount,
        ':at': failure.failedAt,
        ':expires': epochSeconds(new Date(failure.failedAt)) + FAILURE_TTL_SECONDS,
      },
    }),
  );
}

/**
 * The recorder's view of a dead-lettered message: when it was first recorded (now, unless an
 * earlier delivery of the same DLQ message got there first) and its latest failure, if any.
 */
export async function claimRecording(messageId: string, now: Date): Promise<{ recordedAt: string; failure?: MessageFailure }> {
  const { Attributes = {} } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.messageFailure(messageId),
      UpdateExpression: 'SET #type = :type, recorded_at = if_not_exists(recorded_at, :now), expires_at = :expires',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'message_failure', ':now': now.toISOString(), ':expires': epochSeconds(now) + RECORDING_TTL_SECONDS },
      ReturnValues: 'ALL_NEW',
    }),
  );
  // The table's TTL may or may not have removed a stale failure yet: ignore it either way.
  const fresh = typeof Attributes.failed_at === 'string' && epochSeconds(new Date(Attributes.failed_at)) + FAILURE_TTL_SECONDS > epochSeconds(now);
  return {
    recordedAt: Attributes.recorded_at,
    ...(fresh ? { failure: { error: Attributes.last_error, receiveCount: Attributes.receive_count, failedAt: Attributes.failed_at } } : {}),
  };
}

/**
 * Writes the record (a re-record of the same message overwrites it and keeps `redriven_at`);
 * answers the record as it was before, if there was one.
 */
export async function saveDeadLetter(letter: DeadLetter): Promise<DeadLetter | undefined> {
  const { sets, names, values } = setClause({
    type: 'dead_letter',
    tenant_id: letter.tenantId,
    queue: letter.queue,
    message_id: letter.messageId,
    body: letter.body,
    message_attributes: letter.attributes,
    attempts: letter.attempts,
    last_error: letter.lastError,
    first_seen_at: letter.firstSeenAt,
    last_seen_at: letter.lastSeenAt,
    recorded_at: letter.recordedAt,
  });
  const { Attributes } = await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: keys.deadLetter(letter.tenantId, letter.queue, letter.recordedAt, letter.messageId),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_OLD',
    }),
  );
  return Attributes ? toDeadLetter(Attributes) : undefined;
}

/** The tenant's (null: the platform's, tenant-less) records of one queue, newest first (expired redriven ones left out). */
export async function deadLettersPage(tenantId: string | null, queue: string, limit: number, cursor?: string, now = new Date()) {
  const partition = keys.deadLetters(tenantId, queue);
  const { Items = [], LastEvaluatedKey } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': partition.PK },
      ScanIndexForward: false,
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor, { partition }),
    }),
  );
  return { letters: Items.filter((item) => isLive(item, now)).map(toDeadLetter), nextCursor: encodeCursor(LastEvaluatedKey) };
}

/** Every record of the tenant's queue not redriven yet, oldest first, a page at a time. */
export async function* pendingDeadLetters(tenantId: string, queue: string, pageSize = 100): AsyncGenerator<DeadLetter[]> {
  const partition = keys.deadLetters(tenantId, queue);
  const pages = queryPages({
    KeyConditionExpression: 'PK = :pk',
    FilterExpression: 'attribute_not_exists(redriven_at)',
    ExpressionAttributeValues: { ':pk': partition.PK },
    Limit: pageSize,
  });
  for await (const items of pages) if (items.length > 0) yield items.map(toDeadLetter);
}

/** Marks a record redriven; false when it already was (another redrive got there first). */
export async function markRedriven(letter: DeadLetter, now: Date): Promise<boolean> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: keys.deadLetter(letter.tenantId, letter.queue, letter.recordedAt, letter.messageId),
        UpdateExpression: 'SET redriven_at = :now, expires_at = :expires',
        ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(redriven_at)',
        ExpressionAttributeValues: { ':now': now.toISOString(), ':expires': epochSeconds(now) + REDRIVEN_RETENTION_SECONDS },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

function toDeadLetter(item: Item): DeadLetter {
  return {
    tenantId: item.tenant_id ?? null,
    queue: item.queue,
    messageId: item.message_id,
    body: item.body,
    attributes: (item.message_attributes ?? {}) as Record<string, MessageAttribute>,
    attempts: item.attempts,
    lastError: item.last_error ?? null,
    firstSeenAt: item.first_seen_at,
    lastSeenAt: item.last_seen_at,
    recordedAt: item.recorded_at,
    redrivenAt: item.redriven_at ?? null,
  };
}
