// The WebSocket API: created first, because functions need its callback URL and `@connections` ARNs;
// its routes ($connect authorised) are added once the functions exist, and its stage logs access.
import { type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Wiring } from '../wiring-types.ts';
import type { ApiInvokeRole } from './api-invoke-role.ts';
import { Group } from './group.ts';
import { WebSocketLambdaRoleIntegration } from './lambda-role-integrations.ts';
import { stackLogGroup } from './log-groups.ts';
import { pascal } from './names.ts';

/** Methods on `@connections/{id}`: post a message, read a connection's state, close it. */
export const CONNECTION_METHODS = ['POST', 'GET', 'DELETE'] as const;

/** Access log fields of the WebSocket stage (one JSON object per connect, message, disconnect). */
export const WEBSOCKET_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  requestTime: '$context.requestTime',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  connectionId: '$context.connectionId',
  messageId: '$context.messageId',
  status: '$context.status',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integration.status',
  integrationError: '$context.integration.error',
  authorizerError: '$context.authorizer.error',
  authorizerLatency: '$context.authorizer.latency',
  error: '$context.error.message',
} as const;

export interface WebSocketApiProps {
  wiring: Pick<Wiring, 'service' | 'webSocket' | 'http'>;
  removalPolicy: RemovalPolicy;
}

export interface WebSocketRoutesProps {
  wiring: Pick<Wiring, 'webSocket' | 'authorizer'>;
  fn: (name: string) => lambda.IFunction;
  invokeRole: ApiInvokeRole;
}

export class WebSocketApi extends Group {
  readonly api: apigw.WebSocketApi;
  readonly stage: apigw.WebSocketStage;
  /** WebSocket route key (`$connect`) → route (filled in by addRoutes). */
  readonly routes: Record<string, apigw.WebSocketRoute> = {};
  /** The base URL the Management API is called on (WEBSOCKET_CALLBACK_URL). */
  readonly callbackUrl: string;
  /** The `@connections/*` ARNs granted to `{ connections: true }` users. */
  readonly connectionArns: string[];

  constructor(scope: Construct, id: string, props: WebSocketApiProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const { stage: stageName } = props.wiring.webSocket;
    this.api = new apigw.WebSocketApi(this, 'WebSocketApi', {
      apiName: `${stack.stackName}-ws`,
      description: `${props.wiring.service} WebSocket API`,
      routeSelectionExpression: '$request.body.action',
    });
    this.callbackUrl = `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}/${stageName}`;
    this.connectionArns = CONNECTION_METHODS.map((method) =>
      stack.formatArn({ service: 'execute-api', resource: this.api.apiId, resourceName: `${stageName}/${method}/@connections/*` }),
    );
    const { throttle } = props.wiring.http;
    this.stage = new apigw.WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: this.api,
      stageName,
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(stackLogGroup(this, 'WebSocketAccessLogs', props.removalPolicy)),
        format: AccessLogFormat.custom(JSON.stringify(WEBSOCKET_ACCESS_LOG_FIELDS)),
      },
    });
  }

  /** The declared routes, each integrated with its function through the invoke role. */
  addRoutes({ wiring, fn, invokeRole }: WebSocketRoutesProps): void {
    const authorizer = new WebSocketLambdaAuthorizer('WebSocketAuthorizer', fn(wiring.authorizer.function), {
      authorizerName: wiring.authorizer.function,
      identitySource: [`route.request.querystring.${wiring.authorizer.webSocketTokenParameter}`],
    });
    for (const [key, fnName] of Object.entries(wiring.webSocket.routes)) {
      const handler = fn(fnName);
      this.routes[key] = this.api.addRoute(key, {
        integration: new WebSocketLambdaRoleIntegration(`WebSocket${pascal(key)}Integration`, handler, invokeRole.allow(handler)),
        // API Gateway authorises a WebSocket connection once, at $connect.
        authorizer: key === '$connect' ? authorizer : undefined,
      });
    }
  }
}
