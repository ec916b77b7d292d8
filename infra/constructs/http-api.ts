// The HTTP API: CORS, the $default stage with access logs and the stage throttle, the Lambda
// authorizer, and one route per declared HTTP route, each integrated with its function through the
// stack's invoke role.
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { routeKey } from '../wiring-env.ts';
import type { Wiring } from '../wiring-types.ts';
import type { ApiInvokeRole } from './api-invoke-role.ts';
import { Group } from './group.ts';
import { HttpLambdaRoleIntegration } from './lambda-role-integrations.ts';
import { stackLogGroup } from './log-groups.ts';
import { httpRouteId, pascal } from './names.ts';

/** Access log fields of the HTTP API stage (one JSON object per request). */
export const HTTP_ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  requestTime: '$context.requestTime',
  httpMethod: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
  authorizerLatency: '$context.authorizer.latency',
  error: '$context.error.message',
} as const;

export interface HttpApiProps {
  wiring: Pick<Wiring, 'service' | 'http' | 'authorizer'>;
  /** Allowed CORS origins; `*` among them allows any origin, without credentials. */
  corsOrigins: readonly string[];
  fn: (name: string) => lambda.IFunction;
  invokeRole: ApiInvokeRole;
  removalPolicy: RemovalPolicy;
}

export class HttpApi extends Group {
  readonly api: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  /** HTTP route key (`GET /v1/whoami`) → route. */
  readonly routes: Record<string, apigw.HttpRoute> = {};

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    const { wiring } = props;
    const anyOrigin = props.corsOrigins.includes('*');
    const { cors, throttle } = wiring.http;
    this.api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-http`,
      description: `${wiring.service} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: anyOrigin ? ['*'] : [...props.corsOrigins],
        allowCredentials: !anyOrigin,
        allowMethods: cors.allowMethods.map((method) => apigw.CorsHttpMethod[method]),
        allowHeaders: [...cors.allowHeaders],
        exposeHeaders: [...cors.exposeHeaders],
        maxAge: Duration.seconds(cors.maxAgeSeconds),
      },
    });
    this.stage = new apigw.HttpStage(this, 'HttpApiStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(stackLogGroup(this, 'HttpApiAccessLogs', props.removalPolicy)),
        format: AccessLogFormat.custom(JSON.stringify(HTTP_ACCESS_LOG_FIELDS)),
      },
    });
    this.addRoutes(props);
  }

  /** One route per declared route; one integration per function, shared by its routes. */
  private addRoutes({ wiring, fn, invokeRole }: HttpApiProps): void {
    const authorizer = new HttpLambdaAuthorizer('HttpAuthorizer', fn(wiring.authorizer.function), {
      authorizerName: wiring.authorizer.function,
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(wiring.authorizer.cacheTtlSeconds),
    });
    const integrations = new Map<string, HttpLambdaRoleIntegration>();
    for (const route of wiring.http.routes) {
      let integration = integrations.get(route.function);
      if (!integration) {
        const handler = fn(route.function);
        integration = new HttpLambdaRoleIntegration(`${pascal(route.function)}Integration`, handler, invokeRole.allow(handler));
        integrations.set(route.function, integration);
      }
      this.routes[routeKey(route)] = new apigw.HttpRoute(this.api, httpRouteId(route), {
        httpApi: this.api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration,
        authorizer: route.access === 'public' ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
    }
  }
}
