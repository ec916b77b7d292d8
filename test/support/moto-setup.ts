// setupFiles of the moto project: every twin a test file starts (startTwin reads these variables)
// uses the shared moto server for DynamoDB and SQS, under a table name and queue prefix of its own,
// so test files running side by side on one server never see each other's items or messages.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

const run = randomBytes(4).toString('hex');
process.env.SCORECAST_DYNAMODB_ENDPOINT = inject('motoUrl');
process.env.SCORECAST_SQS_ENDPOINT = inject('motoUrl');
process.env.SCORECAST_TABLE_NAME = `scorecast-${run}`;
process.env.SCORECAST_QUEUE_PREFIX = `scorecast-${run}-`;
