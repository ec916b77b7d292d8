// The stack's outputs: URLs, table, user pool, alarm topic, log group, dashboard and every function name.
import { CfnOutput } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { Identity } from '../identity.ts';
import { Group } from './group.ts';
import { pascal } from './names.ts';

export interface StackOutputsProps {
  httpUrl: string;
  webSocketUrl: string;
  webSocketCallbackUrl: string;
  tableName: string;
  identity: Identity;
  alarmTopicArn: string;
  functionLogGroupName: string;
  dashboardName: string;
  /** Function name → function. */
  functions: Readonly<Record<string, lambda.IFunction>>;
  /** The web console's URL (the distribution, which also serves the HTTP API). */
  consoleUrl: string;
  /** The Cognito domain hosting managed login. */
  signInDomainUrl: string;
}

export class StackOutputs extends Group {
  constructor(scope: Construct, id: string, props: StackOutputsProps) {
    super(scope, id);
    const { identity } = props;
    new CfnOutput(this, 'ConsoleUrl', {
      value: props.consoleUrl,
      description: 'Web console (sign in with a user of the pool); it also serves the HTTP API under /v1, /health and /openapi.json',
    });
    new CfnOutput(this, 'SignInDomainUrl', { value: props.signInDomainUrl, description: 'Cognito domain hosting managed login for the console' });
    new CfnOutput(this, 'HttpApiUrl', { value: props.httpUrl, description: 'HTTP API base URL' });
    new CfnOutput(this, 'WebSocketUrl', { value: props.webSocketUrl, description: 'WebSocket URL (wss://)' });
    new CfnOutput(this, 'WebSocketCallbackUrl', { value: props.webSocketCallbackUrl, description: 'Management API endpoint for @connections' });
    new CfnOutput(this, 'TableName', { value: props.tableName });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId, description: 'Cognito user pool' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: identity.client.userPoolClientId,
      description: 'Cognito app client (no secret): the audience of the ID tokens the authorizer accepts',
    });
    new CfnOutput(this, 'UserPoolIssuerUrl', {
      value: identity.issuerUrl,
      description: 'Issuer (iss) of the user pool tokens, trusted through JWT_ISSUERS',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: props.alarmTopicArn });
    new CfnOutput(this, 'FunctionLogGroupName', {
      value: props.functionLogGroupName,
      description: 'Log group of every function (one stream prefix per function name)',
    });
    new CfnOutput(this, 'DashboardName', { value: props.dashboardName });
    for (const [name, fn] of Object.entries(props.functions)) {
      new CfnOutput(this, `${pascal(name)}FunctionName`, { value: fn.functionName, description: `Function ${name}` });
    }
  }
}
