// The AWS environment of the local twin: one region, one fake account, dummy credentials, and the
// endpoints of the embedded engines. The twin applies it to itself and gives it to every function
// it runs, so unchanged code — a plain `new DynamoDBClient({})` or `new SQSClient({})` — reaches
// dynalite and fauxqs on loopback and never an AWS account.
//
// Queue URLs and endpoints (verified by test/local/engines.test.ts with the SDK in package-lock):
// - `AWS_ENDPOINT_URL_SQS` makes the SQS client resolve its endpoint to fauxqs, but it does NOT set
//   the client's `endpoint` config, so the client's queue-URL middleware (`useQueueUrlAsEndpoint`,
//   on by default) still sends each request to the *queue URL's* origin whenever that differs from
//   the resolved endpoint (and warns). fauxqs 1.9's own URLs, `http://sqs.us-east-1.localhost:<port>/
//   000000000000/<name>`, do not resolve here (ENOTFOUND).
// - So the twin hands out queue URLs whose origin IS the endpoint: `http://127.0.0.1:<port>/
//   000000000000/<name>`. fauxqs looks queues up by exact URL, so infra/local/engines.ts translates
//   those URLs to fauxqs's form on the way in and back on the way out (CreateQueue, GetQueueUrl,
//   ListQueues answers). A client configured only by the variables below then sends every request
//   to 127.0.0.1 without warnings, and GetQueueUrl returns the same URLs the twin hands out.

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';

export interface EngineEndpoints {
  dynamodbEndpoint: string;
  sqsEndpoint: string;
}

/**
 * Variables a process needs to use the embedded engines through the plain SDK. Without endpoints
 * it still pins the region and dummy credentials, so nothing can fall through to real credentials
 * or probe the instance-metadata address.
 */
export function awsEnvironment(endpoints?: EngineEndpoints): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    // No IMDS probe (EC2/ECS metadata) when something looks for other credentials or a region.
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (endpoints) {
    env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodbEndpoint;
    env.AWS_ENDPOINT_URL_SQS = endpoints.sqsEndpoint;
  }
  return env;
}

/**
 * Applies the environment to this process (the twin itself, `npm run invoke`). Profile and
 * session variables that would outrank or mix with the dummy credentials are removed.
 */
export function applyAwsEnvironment(endpoints?: EngineEndpoints, target: NodeJS.ProcessEnv = process.env): void {
  for (const name of [
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
  ]) {
    delete target[name];
  }
  Object.assign(target, awsEnvironment(endpoints));
}

/** The ARN of a queue in the twin's account. */
export const sqsQueueArn = (queueName: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${queueName}`;

/**
 * The ARN of the queue behind a queue URL `<origin>/<account>/<name>`: the account is the engine's
 * (fauxqs 000000000000, moto 123456789012), as Lambda's event source mapping reports it.
 */
export function queueArnFromUrl(queueUrl: string): string {
  const [account, name] = new URL(queueUrl).pathname.split('/').filter(Boolean).slice(-2);
  return `arn:aws:sqs:${REGION}:${account && /^\d{12}$/.test(account) ? account : ACCOUNT_ID}:${name ?? ''}`;
}

/** The queue name at the end of a queue URL. */
export const queueNameFromUrl = (queueUrl: string) => new URL(queueUrl).pathname.split('/').filter(Boolean).pop() ?? '';
