// Building blocks for calling handlers directly in unit tests: a Lambda context and HTTP API v2 events.
import type { Context } from 'aws-lambda';

export function lambdaContext(functionName = 'test'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: 'req-1',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => 5000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface HttpEventOptions {
  routeKey: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  authorizer?: Record<string, unknown>;
}

export function httpEvent(options: HttpEventOptions) {
  const [method, routePath] = options.routeKey.split(' ') as [string, string];
  const path = options.path ?? routePath;
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: options.headers ?? {},
    queryStringParameters: options.query,
    pathParameters: options.pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'api',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
      requestId: 'request-1',
      routeKey: options.routeKey,
      stage: '$default',
      time: '21/Nov/2026:21:51:19 +0000',
      timeEpoch: 1_795_000_000_000,
      ...(options.authorizer ? { authorizer: { lambda: options.authorizer } } : {}),
    },
    body: options.body,
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
}

export const userContext = (roles: string, tenant = 't1') => ({
  authenticated: true,
  tenant_id: tenant,
  principal_type: 'user',
  principal_id: 'user-1',
  roles,
  locations: '*',
  agent_id: '',
});
