// The SQS client, created once per container. Queue modules are the only code that builds SQS commands.
import { SQSClient } from '@aws-sdk/client-sqs';

export const sqsClient = new SQSClient({ maxAttempts: 3, requestHandler: { connectionTimeout: 1000, requestTimeout: 3000 } });
