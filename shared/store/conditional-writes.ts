// Conditional writes of one item whose refused condition is an answer, not an error: an update that
// returns the item as it is now (undefined when the condition did not hold) and a delete of an item
// that must exist (false when it did not).
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client.ts';
import { type ConditionalUpdate, isConditionFailure } from './expressions.ts';

type Key = Record<string, string>;
type Item = Record<string, any>;

/** Applies the update when its condition holds; the item as it is now, read through `view`, or undefined. */
export async function updateWhen<T>(key: Key, update: ConditionalUpdate, view: (item: Item) => T): Promise<T | undefined> {
  try {
    const { Attributes } = await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: key,
        UpdateExpression: update.expression,
        ConditionExpression: update.condition,
        ...(update.names && Object.keys(update.names).length ? { ExpressionAttributeNames: update.names } : {}),
        ExpressionAttributeValues: update.values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? view(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

/** Deletes the item; false when there was none. */
export async function deleteExisting(key: Key): Promise<boolean> {
  try {
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: key, ConditionExpression: 'attribute_exists(PK)' }));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
