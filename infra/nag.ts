// cdk-nag (v3, a CDK validation plugin) with the AwsSolutions pack, and every finding the stack
// keeps on purpose acknowledged on the narrowest construct, with the reason it is kept.
// Anything not acknowledged here fails `cdk synth` (errors) or is reported (warnings), and the
// infrastructure tests require zero of either.
import { Stack, Validations, type App } from 'aws-cdk-lib';
import { ManagedPolicy } from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
// The same flattening cdk-nag applies to a resource or policy ARN when it names a finding
// (`AwsSolutions-IAM5[Resource::...]`), so acknowledgements track logical ids instead of copying them.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';
import { BUNDLE_TARGET } from './bundling.ts';
import { API_GATEWAY_LOGS_POLICY } from './constructs/api-gateway-logging.ts';
import { FUNCTION_RUNTIME } from './constructs/functions.ts';
import type { ScorecastStack } from './stack.ts';
import { routeKey } from './wiring-env.ts';

/** Registers the AwsSolutions pack on the app: it runs when the app synthesizes. */
export function addNagChecks(app: App): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  return pack;
}

/** Acknowledges, each on the narrowest construct, the findings this stack keeps by design. */
export function acknowledgeNagFindings(stack: ScorecastStack): void {
  acknowledgeRuntime(stack);
  acknowledgeOpenRoutes(stack);
  acknowledgeWildcardResources(stack);
  acknowledgeUserPoolChoices(stack);
  acknowledgeApiGatewayLoggingPolicy(stack);
  acknowledgeConsoleChoices(stack);
}

/** The CloudFormation reference in `value`, flattened as cdk-nag names it in a finding. */
function flat(stack: ScorecastStack, value: string): string {
  return flattenCfnReference(Stack.of(stack).resolve(value));
}

/** L1: one runtime for every function, pinned deliberately. */
function acknowledgeRuntime(stack: ScorecastStack): void {
  for (const [name, fn] of Object.entries(stack.functions.byName)) {
    acknowledge(fn, 'AwsSolutions-L1', [
      `${name} runs on ${FUNCTION_RUNTIME.name}, the runtime every bundle targets (infra/bundling.ts: ${BUNDLE_TARGET}) and the`,
      'Node major the project is tested against; runtimes move together with the bundling target and the',
      'local toolchain, in one reviewed change, not whenever a newer runtime appears in aws-cdk-lib.',
    ]);
  }
}

/** APIG4: routes without an authorizer, each for its own reason. */
function acknowledgeOpenRoutes(stack: ScorecastStack): void {
  for (const route of stack.wiring.http.routes) {
    if (route.access !== 'public') continue;
    const key = routeKey(route);
    const httpRoute = stack.http.routes[key];
    if (!httpRoute) throw new Error(`No HTTP route ${key} in the stack`);
    acknowledge(httpRoute, 'AwsSolutions-APIG4', [
      `${key} is declared public in the wiring: health checks and the OpenAPI document must be reachable`,
      'without credentials (load balancers, uptime probes, API clients discovering the API). Its handler',
      'reads no tenant data, and the stage throttle still applies.',
    ]);
  }
  for (const [key, route] of Object.entries(stack.webSocket.routes)) {
    if (key === '$connect') continue;
    acknowledge(route, 'AwsSolutions-APIG4', [
      `WebSocket ${key} carries no authorizer because API Gateway authorises a WebSocket connection only at`,
      '$connect (an authorizer is allowed on no other route); every later frame arrives on a connection',
      'that $connect admitted, and the handler resolves the principal it stored for that connection.',
    ]);
  }
}

/** IAM5: the only wildcard resources, each one the narrowest the service allows. */
function acknowledgeWildcardResources(stack: ScorecastStack): void {
  for (const [name, decl] of Object.entries(stack.wiring.functions)) {
    // Grants live in the role's inline policy (infra/constructs/functions.ts), so findings are on the role.
    const policy = stack.functions.roles[name];
    if (!policy) continue;
    if (decl.uses?.some((use) => 'connections' in use)) {
      for (const arn of stack.webSocket.connectionArns) {
        acknowledge(policy, `AwsSolutions-IAM5[Resource::${flat(stack, arn)}]`, [
          `${name} posts to, reads and closes WebSocket connections; connection ids are created at run time,`,
          'so the grant names this API, this stage and one method on @connections and leaves only the id open.',
        ]);
      }
    }
    if (decl.tracing) {
      acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]', [
        `${name} sends X-Ray trace segments (tracing is declared for it); xray:PutTraceSegments and`,
        'xray:PutTelemetryRecords support no resource-level permissions, so "*" is the only resource they take.',
      ]);
    }
  }
}

/** COG2, COG8: the user pool's MFA and feature plan, both chosen on purpose (infra/identity.ts). */
function acknowledgeUserPoolChoices(stack: ScorecastStack): void {
  const { userPool } = stack.identity;
  acknowledge(userPool, 'AwsSolutions-COG2', [
    'MFA is OPTIONAL (TOTP only, no SMS) rather than REQUIRED. Administrators create every user (self sign-up',
    "is off), and a REQUIRED pool stops each new user, including a tenant's first admin created with the CLI",
    'steps in the README, at an MFA_SETUP challenge before any token is issued. Once a user enrols and enables',
    'TOTP (AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference), Cognito asks for a code at every',
    'sign-in. Agents never sign in to the pool: they authenticate with API keys.',
  ]);
  acknowledge(userPool, 'AwsSolutions-COG8', [
    "The pool stays on the Essentials feature plan (Cognito's default for new pools). Threat protection",
    '(compromised-credential detection, adaptive authentication), which is what this rule asks for, exists only',
    'on Plus, billed per monthly active user at the highest rate and outside the free tier. Meanwhile sign-up is',
    'closed, passwords need 12+ characters of every class and differ from the last 5, TOTP MFA is available and',
    'user-existence errors are hidden. Move to FeaturePlan.PLUS with threat protection ENFORCED when a',
    "tenant's requirements justify the cost.",
  ]);
}

/** IAM4: the account-level API Gateway logging role uses the AWS-managed policy made for it. */
function acknowledgeApiGatewayLoggingPolicy(stack: ScorecastStack): void {
  if (stack.apiGatewayLogging) {
    const policyArn = flat(stack, ManagedPolicy.fromAwsManagedPolicyName(API_GATEWAY_LOGS_POLICY).managedPolicyArn);
    acknowledge(stack.apiGatewayLogging.role, `AwsSolutions-IAM4[Policy::${policyArn}]`, [
      'API Gateway assumes this role for every API in the account and region to create and write its log',
      'groups (WebSocket access logs cannot be enabled without it). AmazonAPIGatewayPushToCloudWatchLogs is',
      'the policy AWS maintains for exactly this role; the log groups it must reach are not known in advance.',
    ]);
  }
}

/** The web console (infra/constructs/console-hosting.ts): its distribution, bucket and deployment handler. */
function acknowledgeConsoleChoices(stack: ScorecastStack): void {
  const { distribution, bucket, deploymentRole } = stack.console;
  acknowledge(distribution, 'AwsSolutions-CFR1', [
    "No geo restriction: the console and the API serve tenants wherever their people and agents are, and the API's",
    'own URL is reachable from everywhere anyway; a country list would block users without protecting anything.',
  ]);
  acknowledge(distribution, 'AwsSolutions-CFR2', [
    'No AWS WAF web ACL: one for CloudFront must live in us-east-1 (a second stack for any other region) and is billed',
    'monthly plus per request. The API behind the distribution keeps its stage throttle, per-tenant rate limits and',
    'authorizer, and the bucket holds only the public build of the console. Add a web ACL when abuse justifies its cost.',
  ]);
  acknowledge(distribution, 'AwsSolutions-CFR3', [
    'No CloudFront access logs: the bucket serves only the console build, the same files to everyone, and every API',
    'request through the distribution is logged by the HTTP API stage access log (infra/constructs/http-api.ts).',
    'Standard logging would add a log bucket with ACLs enabled (legacy) or a us-east-1 log delivery (v2).',
  ]);
  acknowledge(distribution, 'AwsSolutions-CFR4', [
    'The distribution uses its default *.cloudfront.net certificate, on which CloudFront applies its own TLS policy',
    '(minimumProtocolVersion takes effect only with a custom certificate). A custom domain with an ACM certificate',
    'in us-east-1 would enforce TLSv1.2_2021; the stack has no domain of its own to put one on.',
  ]);
  acknowledge(bucket, 'AwsSolutions-S1', [
    'No server access logs on the console bucket: it is private (four public-access blocks, TLS only), read only by',
    'this distribution through origin access control and written only by the deployment; it holds the console',
    'build, which is public by nature. Object writes are in CloudTrail; reads would be CloudFront fetching files.',
  ]);
  acknowledge(deploymentRole, `AwsSolutions-IAM5[Resource::${flat(stack, stack.console.bucket.arnForObjects('*'))}]`, [
    'The deployment syncs the whole console build into its own bucket: it reads, writes and deletes files whose',
    'names Vite chooses at build time (content hashes). The grant names the console bucket and four object actions.',
  ]);
  acknowledge(deploymentRole, `AwsSolutions-IAM5[Resource::${flat(stack, stack.console.stagedSources)}]`, [
    'The deployment reads the console build and config.json from the CDK bootstrap assets bucket, where each is',
    'staged under a content-hash name; the grant is s3:GetObject only, on that bucket only.',
  ]);
  const handler = stack.node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('No BucketDeployment handler in the stack');
  acknowledge(handler, 'AwsSolutions-L1', [
    "The console deployment handler is aws-cdk-lib's BucketDeployment function (Python with the AWS CLI layer); its",
    'runtime is the one aws-cdk-lib ships and tests that handler with, and it moves when aws-cdk-lib is upgraded.',
    'It runs only during deploys, from CloudFormation, and reads no tenant data.',
  ]);
}

function acknowledge(scope: IConstruct, id: string, reason: string[]): void {
  Validations.of(scope).acknowledge({ id, reason: reason.join(' ') });
}
