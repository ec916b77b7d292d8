// The one role API Gateway assumes to invoke the functions behind the HTTP and WebSocket routes (the
// integrations' credentials). It replaces one AWS::Lambda::Permission per route: a new route adds
// no resource here, only its function's ARN to the role's inline policy.
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export class ApiInvokeRole extends Construct {
  readonly role: iam.Role;
  /** The functions the role may invoke, in the order they were allowed. */
  readonly targets: lambda.IFunction[] = [];
  private readonly invoke = new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'] });

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway invokes the route functions with this role (integration credentials)',
      // Inline, not an AWS::IAM::Policy: one resource, whatever the number of routes.
      inlinePolicies: { invoke: new iam.PolicyDocument({ statements: [this.invoke] }) },
    });
  }

  /** Lets API Gateway invoke `fn` through this role (idempotent). */
  allow(fn: lambda.IFunction): iam.IRole {
    if (!this.targets.includes(fn)) {
      this.targets.push(fn);
      // Unqualified ARN only: the integrations invoke $LATEST, never a version or alias.
      this.invoke.addResources(fn.functionArn);
    }
    return this.role;
  }
}
