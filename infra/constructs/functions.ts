// Every declared function: its bundle (NodejsFunction), its own execution role with the grants its
// `uses` declare, and the one log group all of them log to.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { nodejsBundlingOptions } from '../bundling.ts';
import { functionEnvironment, type ResourceRefs } from '../wiring-env.ts';
import type { FunctionDecl, Wiring } from '../wiring-types.ts';
import { Group } from './group.ts';
import { stackLogGroup } from './log-groups.ts';
import { pascal } from './names.ts';
import { grantUses, type UseTargets } from './use-grants.ts';

/** Repository root: entry files in the declaration are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Lambda runtime of every function (the bundles target the same Node major: infra/bundling.ts). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;

export interface FunctionsProps {
  wiring: Wiring;
  /** The resource references each function's environment is built from. */
  refs: ResourceRefs;
  /** Setting values the environments are built from (overrides and stack-made values such as JWT_ISSUERS). */
  settings: Record<string, string>;
  /** What the functions' `uses` may name. */
  targets: UseTargets;
  removalPolicy: RemovalPolicy;
}

export class Functions extends Group {
  /** Function name (as declared) → function. */
  readonly byName: Record<string, NodejsFunction> = {};
  /** Function name → its execution role (one role per function, nothing shared). */
  readonly roles: Record<string, iam.Role> = {};
  /**
   * The one log group every function logs to. With a log group named in its logging config, Lambda
   * names each stream `YYYY/MM/DD/<function name>[<version>]<instance>`, so a function's logs stay
   * apart (filter on @logStream) while the stack holds one log group instead of one per function.
   */
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.logGroup = stackLogGroup(this, 'FunctionLogs', props.removalPolicy);
    for (const [name, decl] of Object.entries(props.wiring.functions)) this.createFunction(name, decl, props);
  }

  /** The declared function's construct; throws on a name the declaration lacks. */
  get(name: string): NodejsFunction {
    const fn = this.byName[name];
    if (!fn) throw new Error(`Unknown function ${name}`);
    return fn;
  }

  private createFunction(name: string, decl: FunctionDecl, props: FunctionsProps): void {
    const base = pascal(name);
    // Its own role instead of AWSLambdaBasicExecutionRole: that managed policy may create any log
    // group and write to every one in the account; this one writes to the stack's function log
    // group only. The grants live in an inline policy of the role (filled in by grantUses) rather
    // than in a separate AWS::IAM::Policy per function: one resource fewer per function.
    const access = new iam.PolicyDocument({
      statements: [new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] })],
    });
    const role = new iam.Role(this, `${base}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${name}`,
      inlinePolicies: { access },
    });
    this.roles[name] = role;
    this.byName[name] = new NodejsFunction(this, `${base}Function`, {
      entry: path.resolve(REPO_ROOT, decl.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: decl.memoryMb,
      timeout: Duration.seconds(decl.timeoutSeconds),
      description: decl.description,
      role,
      logGroup: this.logGroup,
      tracing: decl.tracing ? lambda.Tracing.ACTIVE : undefined,
      environment: functionEnvironment(props.wiring, name, props.refs, props.settings),
      bundling: nodejsBundlingOptions(decl.files),
    });
    grantUses(access, decl.uses ?? [], props.targets);
  }
}
