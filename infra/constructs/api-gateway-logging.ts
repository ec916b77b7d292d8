// The account-level role API Gateway logs with. WebSocket stages refuse access logging until the
// account names such a role (an account-and-region setting, like RestApi's `cloudWatchRole`). Kept
// on stack deletion: other APIs in the account may rely on the setting by then.
import { RemovalPolicy } from 'aws-cdk-lib';
import { CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Group } from './group.ts';

/** The AWS-managed policy of the account-level role API Gateway logs with. */
export const API_GATEWAY_LOGS_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

export class ApiGatewayLogging extends Group {
  readonly role: iam.Role;
  /** The account setting; stages that log must depend on it. */
  readonly account: CfnAccount;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Account-level role API Gateway writes access and execution logs with',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(API_GATEWAY_LOGS_POLICY)],
    });
    this.role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: this.role.roleArn });
    this.account.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }
}
