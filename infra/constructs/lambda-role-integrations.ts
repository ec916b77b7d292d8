// Lambda proxy integrations that invoke through a role (the integration's credentials) instead of a
// resource-based permission on the function. CDK's HttpLambdaIntegration and WebSocketLambdaIntegration
// add one AWS::Lambda::Permission per route; with the stack's one invoke role (infra/constructs/api-invoke-role.ts)
// a new route costs its route and, for a new function, its integration, and nothing more.
import { Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/** An HTTP API route integration (payload 2.0) that API Gateway invokes with `role`'s credentials. */
export class HttpLambdaRoleIntegration extends apigw.HttpRouteIntegration {
  constructor(
    id: string,
    private readonly handler: lambda.IFunction,
    private readonly role: iam.IRole,
  ) {
    super(id);
  }

  bind(): apigw.HttpRouteIntegrationConfig {
    return {
      type: apigw.HttpIntegrationType.AWS_PROXY,
      uri: this.handler.functionArn,
      payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      credentials: apigw.IntegrationCredentials.fromRole(this.role),
    };
  }
}

/** A WebSocket API route integration that API Gateway invokes with `role`'s credentials. */
export class WebSocketLambdaRoleIntegration extends apigw.WebSocketRouteIntegration {
  constructor(
    id: string,
    private readonly handler: lambda.IFunction,
    private readonly role: iam.IRole,
  ) {
    super(id);
  }

  bind(options: apigw.WebSocketRouteIntegrationBindOptions): apigw.WebSocketRouteIntegrationConfig {
    // WebSocket APIs take the Lambda invocation URI, not the bare function ARN.
    const uri = Stack.of(options.route).formatArn({
      service: 'apigateway',
      account: 'lambda',
      resource: 'path/2015-03-31/functions',
      resourceName: `${this.handler.functionArn}/invocations`,
    });
    return { type: apigw.WebSocketIntegrationType.AWS_PROXY, uri, credentialsRole: this.role };
  }
}
