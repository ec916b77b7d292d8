// The DynamoDB document client, created once per container. Stores are the only code that
// builds DynamoDB commands.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requiredEnv } from '#shared/config/env.ts';

export const tableName = requiredEnv('TABLE_NAME');

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } }),
  { marshallOptions: { removeUndefinedValues: true } },
);
