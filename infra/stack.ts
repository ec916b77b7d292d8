// The one CDK stack, built from the wiring declaration (infra/wiring.ts) and nothing else: no route,
// queue, function or environment variable is named here by hand. The local twin (infra/local/)
// reads the same declaration, so what the twin runs is what this stack deploys.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat, CfnAccount } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { nodejsBundlingOptions } from './bundling.ts';
import { ApiInvokeRole } from './constructs/api-invoke-role.ts';
import { ignoreCfnLint } from './constructs/cfn-lint.ts';
import { FailureAlarms } from './constructs/failure-alarms.ts';
import { HttpLambdaRoleIntegration, WebSocketLambdaRoleIntegration } from './constructs/lambda-role-integrations.ts';
import {
  CONTEXT,
  corsOrigins as parseCorsOrigins,
  provisionedPollers as parseProvisionedPollers,
  provisionedPollersProblem,
  type ProvisionedPollers,
} from './context.ts';
import { Identity } from './identity.ts';
import {
  DEAD_LETTERS,
  deadLetterQueueName,
  deadLetterVisibilitySeconds,
  functionEnvironment,
  routeKey,
  wiringProblems,
  type ResourceRefs,
} from './wiring-env.ts';
import type { FunctionDecl, HttpRouteDecl, Use, Wiring } from './wiring-types.ts';

/** Repository root: entry files in the declaration are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Lambda runtime of every function (the bundles target the same Node major: infra/bundling.ts). */
export const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_22_X;

/** Retention of every log group the stack creates (the shared function log group and API access logs). */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;

/** The AWS-managed policy of the account-level role API Gateway logs with. */
export const API_GATEWAY_LOGS_POLICY = 'service-role/AmazonAPIGatewayPushToCloudWatchLogs';

/** Alarm and dashboard period for function errors, throttles and dead-lettered messages. */
const ALARM_PERIOD = Duration.minutes(5);

export { FUNCTIONS_PER_FAILURE_ALARM } from './constructs/failure-alarms.ts';

/** Actions of a `{ table: 'read' }` use: reads by key and by query, on the table and its indexes. */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'] as const;
/** Actions a `{ table: 'readWrite' }` use adds: single-item conditional writes and batch writes. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;
/** Methods on `@connections/{id}`: post a message, read a connection's state, close it. */
export const CONNECTION_METHODS = ['POST', 'GET', 'DELETE'] as const;

/** Context keys (infra/context.ts, where the twin reads them too). */
export { CONTEXT };

export interface ScorecastStackProps extends StackProps {
  /** The wiring declaration the whole stack is built from. */
  wiring: Wiring;
  /** Setting overrides (default: context `scorecast:settings`). */
  settings?: Record<string, string>;
  /** Allowed CORS origins (default: context `scorecast:corsOrigins`, else any origin). */
  corsOrigins?: readonly string[];
  /** Alarm email subscription (default: context `scorecast:alarmEmail`). */
  alarmEmail?: string;
  /**
   * Removal policy of stateful resources (default: context `scorecast:removalPolicy`, else retain):
   * `retain` keeps them on stack deletion and replacement but not when the create that made them
   * rolls back (RETAIN_ON_UPDATE_OR_DELETE), so a failed first deploy leaves nothing behind.
   */
  removalPolicy?: 'retain' | 'destroy';
  /** Whether to set the account's API Gateway CloudWatch role (default: context, else true). */
  apiGatewayCloudWatchRole?: boolean;
  /** Queue name → provisioned-mode pollers of its event source (default: context `scorecast:provisionedPollers`, else none). */
  provisionedPollers?: Readonly<Record<string, ProvisionedPollers>>;
}

export interface DeclaredQueue {
  queue: sqs.Queue;
  deadLetterQueue: sqs.Queue;
  /** Fires when the DLQ receives a message: its recorder drains it within seconds, so depth never shows. */
  deadLetterAlarm: cloudwatch.Alarm;
}

export class ScorecastStack extends Stack {
  readonly wiring: Wiring;
  readonly table: dynamodb.Table;
  /** Function name (as declared) → function. */
  readonly functions: Record<string, NodejsFunction> = {};
  /** Function name → its execution role (one role per function, nothing shared). */
  readonly roles: Record<string, iam.Role> = {};
  /** Queue name (as declared) → queue, its DLQ and the dead-letter alarm. */
  readonly queues: Record<string, DeclaredQueue> = {};
  readonly httpApi: apigw.HttpApi;
  readonly httpStage: apigw.HttpStage;
  /** HTTP route key (`GET /v1/whoami`) → route. */
  readonly httpRoutes: Record<string, apigw.HttpRoute> = {};
  readonly webSocketApi: apigw.WebSocketApi;
  readonly webSocketStage: apigw.WebSocketStage;
  /** WebSocket route key (`$connect`) → route. */
  readonly webSocketRoutes: Record<string, apigw.WebSocketRoute> = {};
  /** The base URL the Management API is called on (WEBSOCKET_CALLBACK_URL). */
  readonly webSocketCallbackUrl: string;
  /** The `@connections/*` ARNs granted to `{ connections: true }` users. */
  readonly connectionArns: string[];
  /** The account-level role API Gateway logs with (absent when the context turns it off). */
  readonly apiGatewayCloudWatchRole?: iam.Role;
  readonly alarmTopic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  /** The one log group every function logs to (Lambda names each stream after its function). */
  readonly functionLogGroup: logs.LogGroup;
  /** The role API Gateway invokes route functions with, instead of one Lambda permission per route. */
  readonly apiInvokeRole: ApiInvokeRole;
  /** The HTTP API's 5xx alarm (every function behind an HTTP route) and the grouped alarms on the other functions. */
  readonly failureAlarms: FailureAlarms;
  readonly dashboard: cloudwatch.Dashboard;
  /** The resource references each function's environment was built from. */
  readonly refs: ResourceRefs;
  /** Setting values after context overrides (only the overridden ones). */
  readonly settingValues: Record<string, string>;
  /** The user pool, its groups and app client; the authorizer trusts the pool's ID tokens. */
  readonly identity: Identity;
  /**
   * What function environments are built from: the context overrides, with JWT_ISSUERS composed of
   * the stack's user pool and the configured issuers (a CloudFormation expression).
   */
  readonly functionSettings: Record<string, string>;
  /** Queue name → the provisioned-mode pollers of its event source; queues not named run in standard mode. */
  readonly provisionedPollers: Readonly<Record<string, ProvisionedPollers>>;

  constructor(scope: Construct, id: string, props: ScorecastStackProps) {
    super(scope, id, props);
    const { wiring } = props;
    const problems = wiringProblems(wiring);
    if (problems.length > 0) throw new Error(`The wiring declaration has problems:\n- ${problems.join('\n- ')}`);
    this.wiring = wiring;

    const removal = this.removalPolicyFrom(props);
    this.settingValues = props.settings ?? this.settingsFromContext();
    for (const name of Object.keys(this.settingValues))
      if (!wiring.settings[name]) throw new Error(`Setting override ${name} is not a declared setting`);
    this.provisionedPollers = this.provisionedPollersFrom(props, wiring);

    // ---------------------------------------------------------------- identity (before the
    // functions: the authorizer's JWT_ISSUERS names the pool and its client)
    const authorizerSettings = wiring.functions[wiring.authorizer.function]?.settings ?? [];
    if (!authorizerSettings.includes('JWT_ISSUERS'))
      throw new Error(`The authorizer (${wiring.authorizer.function}) must read JWT_ISSUERS to trust the stack's user pool`);
    this.identity = new Identity(this, 'Identity', { removalPolicy: removal });
    this.functionSettings = {
      ...this.settingValues,
      JWT_ISSUERS: this.identity.jwtIssuersSetting(this.settingValues.JWT_ISSUERS),
    };

    // ---------------------------------------------------------------- data: table and queues
    this.table = this.createTable(removal);
    const indexArns = Object.keys(wiring.table.indexes).map((name) => `${this.table.tableArn}/index/${name}`);
    this.createQueues();

    // ---------------------------------------------------------------- WebSocket API (before the
    // functions: WEBSOCKET_CALLBACK_URL names it; routes are added once the functions exist)
    this.webSocketApi = new apigw.WebSocketApi(this, 'WebSocketApi', {
      apiName: `${this.stackName}-ws`,
      description: `${wiring.service} WebSocket API`,
      routeSelectionExpression: '$request.body.action',
    });
    const wsStageName = wiring.webSocket.stage;
    this.webSocketCallbackUrl = `https://${this.webSocketApi.apiId}.execute-api.${this.region}.${this.urlSuffix}/${wsStageName}`;
    this.connectionArns = CONNECTION_METHODS.map((method) =>
      this.formatArn({
        service: 'execute-api',
        resource: this.webSocketApi.apiId,
        resourceName: `${wsStageName}/${method}/@connections/*`,
      }),
    );

    this.refs = {
      tableName: this.table.tableName,
      queueUrl: (queue) => this.declaredQueue(queue).queue.queueUrl,
      deadLetterQueueUrl: (queue) => this.declaredQueue(queue).deadLetterQueue.queueUrl,
      webSocketCallbackUrl: this.webSocketCallbackUrl,
    };

    // ---------------------------------------------------------------- functions
    // One log group for all of them: with a log group named in its logging config, Lambda names
    // each stream `YYYY/MM/DD/<function name>[<version>]<instance>`, so a function's logs stay
    // apart (filter on @logStream) while the stack holds one log group instead of one per function.
    this.functionLogGroup = new logs.LogGroup(this, 'FunctionLogs', { retention: LOG_RETENTION, removalPolicy: removal });
    for (const [name, decl] of Object.entries(wiring.functions)) {
      this.createFunction(name, decl, indexArns);
    }

    this.addQueueConsumers();
    this.addSchedules();

    // ---------------------------------------------------------------- APIs (route functions are
    // invoked with one role, the integrations' credentials)
    this.apiInvokeRole = new ApiInvokeRole(this, 'ApiInvoke');
    const http = this.createHttpApi(props, removal);
    this.httpApi = http.api;
    this.httpStage = http.stage;
    this.webSocketStage = this.createWebSocketRoutesAndStage(removal);
    this.apiGatewayCloudWatchRole = this.setApiGatewayAccountRole(props, this.webSocketStage);

    // ---------------------------------------------------------------- alarms → SNS, dashboard, outputs
    this.alarmTopic = this.createAlarmTopic(props, removal);
    const behindHttp = new Set(wiring.http.routes.map((route) => route.function));
    this.failureAlarms = new FailureAlarms(this, 'FailureAlarms', {
      httpApi: this.httpApi,
      functions: Object.fromEntries(Object.entries(this.functions).filter(([name]) => !behindHttp.has(name))),
      period: ALARM_PERIOD,
    });
    this.alarms.push(...this.failureAlarms.all);
    const notify = new SnsAction(this.alarmTopic);
    for (const alarm of this.alarms) {
      alarm.addAlarmAction(notify);
      alarm.addOkAction(notify);
    }

    this.dashboard = this.createDashboard();
    this.addOutputs();
  }

  /** The one table, on demand, with the declared key, TTL and indexes. */
  private createTable(removal: RemovalPolicy): dynamodb.Table {
    const table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: this.wiring.table.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: this.wiring.table.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: this.wiring.table.ttlAttribute,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: removal,
      // No deletion protection: it would make the rollback of a failed first create fail and leave
      // the table behind. The DeletionPolicy keeps it on stack deletion and replacement; an operator
      // may turn protection on once the stack exists (the template leaves the property alone).
    });
    for (const [indexName, index] of Object.entries(this.wiring.table.indexes)) {
      table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: index.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: index.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }

  /** Each declared queue with its DLQ and the alarm on dead letters. */
  private createQueues(): void {
    for (const [name, decl] of Object.entries(this.wiring.queues)) {
      const dlVisibility = deadLetterVisibilitySeconds(
        decl.deadLetterConsumer ? this.wiring.functions[decl.deadLetterConsumer]?.timeoutSeconds : undefined,
      );
      const deadLetterQueue = new sqs.Queue(this, `${pascal(name)}DeadLetterQueue`, {
        queueName: `${this.stackName}-${deadLetterQueueName(name)}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(DEAD_LETTERS.retentionDays),
        visibilityTimeout: dlVisibility === undefined ? undefined : Duration.seconds(dlVisibility),
      });
      const queue = new sqs.Queue(this, `${pascal(name)}Queue`, {
        queueName: `${this.stackName}-${name}`,
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        visibilityTimeout: Duration.seconds(decl.visibilityTimeoutSeconds),
        retentionPeriod: decl.retentionDays ? Duration.days(decl.retentionDays) : undefined,
        deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: decl.maxReceiveCount },
      });
      // On messages received from the DLQ, not on its depth: the dead-letter recorder drains the DLQ
      // within seconds, so ApproximateNumberOfMessagesVisible stays at 0, and NumberOfMessagesSent
      // does not count messages the redrive policy moves. Every dead-lettered message is received
      // by the recorder at least once.
      const deadLetterAlarm = new cloudwatch.Alarm(this, `${pascal(name)}DeadLetterAlarm`, {
        alarmDescription: `Messages dead-lettered to ${deadLetterQueueName(name)}: ${name} work failed ${decl.maxReceiveCount} times or was refused`,
        metric: deadLetterQueue.metricNumberOfMessagesReceived({ period: ALARM_PERIOD, statistic: 'Sum' }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      this.alarms.push(deadLetterAlarm);
      this.queues[name] = { queue, deadLetterQueue, deadLetterAlarm };
    }
  }

  /** Each queue's consumer, and its DLQ's recorder when declared. */
  private addQueueConsumers(): void {
    for (const [name, decl] of Object.entries(this.wiring.queues)) {
      const { queue, deadLetterQueue } = this.declaredQueue(name);
      const pollers = this.provisionedPollers[name];
      this.fn(decl.consumer).addEventSource(
        new SqsEventSource(queue, {
          batchSize: decl.batchSize,
          maxBatchingWindow: decl.batchingWindowSeconds > 0 ? Duration.seconds(decl.batchingWindowSeconds) : undefined,
          reportBatchItemFailures: true,
          // Provisioned mode and maximum concurrency are mutually exclusive (Lambda refuses both on
          // one mapping): in provisioned mode the pollers' maximum bounds the concurrency instead.
          ...(pollers ? { provisionedPollerConfig: { ...pollers } } : { maxConcurrency: decl.maxConcurrency }),
        }),
      );
      if (decl.deadLetterConsumer) {
        this.fn(decl.deadLetterConsumer).addEventSource(
          new SqsEventSource(deadLetterQueue, {
            batchSize: DEAD_LETTERS.batchSize,
            reportBatchItemFailures: true,
            maxConcurrency: DEAD_LETTERS.maxConcurrency,
          }),
        );
      }
    }
  }

  /** Each declared schedule as a rate rule on its function. */
  private addSchedules(): void {
    for (const [name, decl] of Object.entries(this.wiring.schedules)) {
      new events.Rule(this, `${pascal(name)}Schedule`, {
        description: decl.description,
        schedule: events.Schedule.rate(Duration.minutes(decl.rateMinutes)),
        targets: [
          new targets.LambdaFunction(this.fn(decl.function), {
            // A sweep that could not run is superseded by the next one: do not pile up retries.
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.max(1, decl.rateMinutes)),
          }),
        ],
      });
    }
  }

  /** The HTTP API: CORS, the $default stage with access logs, the authorizer and the declared routes. */
  private createHttpApi(props: ScorecastStackProps, removal: RemovalPolicy): { api: apigw.HttpApi; stage: apigw.HttpStage } {
    const corsOrigins = props.corsOrigins ?? this.corsOriginsFromContext();
    const anyOrigin = corsOrigins.includes('*');
    const api = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${this.stackName}-http`,
      description: `${this.wiring.service} HTTP API`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: anyOrigin ? ['*'] : [...corsOrigins],
        allowCredentials: !anyOrigin,
        allowMethods: this.wiring.http.cors.allowMethods.map((method) => apigw.CorsHttpMethod[method]),
        allowHeaders: [...this.wiring.http.cors.allowHeaders],
        exposeHeaders: [...this.wiring.http.cors.exposeHeaders],
        maxAge: Duration.seconds(this.wiring.http.cors.maxAgeSeconds),
      },
    });
    const httpAccessLogs = new logs.LogGroup(this, 'HttpApiAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: removal,
    });
    const stage = new apigw.HttpStage(this, 'HttpApiStage', {
      httpApi: api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: this.wiring.http.throttle.rateLimit, burstLimit: this.wiring.http.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(httpAccessLogs),
        format: AccessLogFormat.custom(JSON.stringify(HTTP_ACCESS_LOG_FIELDS)),
      },
    });

    const authorizerFn = this.fn(this.wiring.authorizer.function);
    const httpAuthorizer = new HttpLambdaAuthorizer('HttpAuthorizer', authorizerFn, {
      authorizerName: this.wiring.authorizer.function,
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      resultsCacheTtl: Duration.seconds(this.wiring.authorizer.cacheTtlSeconds),
    });
    const httpIntegrations = new Map<string, HttpLambdaRoleIntegration>();
    for (const route of this.wiring.http.routes) {
      let integration = httpIntegrations.get(route.function);
      if (!integration) {
        const fn = this.fn(route.function);
        integration = new HttpLambdaRoleIntegration(`${pascal(route.function)}Integration`, fn, this.apiInvokeRole.allow(fn));
        httpIntegrations.set(route.function, integration);
      }
      this.httpRoutes[routeKey(route)] = new apigw.HttpRoute(api, httpRouteId(route), {
        httpApi: api,
        routeKey: apigw.HttpRouteKey.with(route.path, apigw.HttpMethod[route.method]),
        integration,
        authorizer: route.access === 'public' ? new apigw.HttpNoneAuthorizer() : httpAuthorizer,
      });
    }
    return { api, stage };
  }

  /** The WebSocket routes ($connect authorised) and the stage with access logs. */
  private createWebSocketRoutesAndStage(removal: RemovalPolicy): apigw.WebSocketStage {
    const authorizerFn = this.fn(this.wiring.authorizer.function);
    const wsAuthorizer = new WebSocketLambdaAuthorizer('WebSocketAuthorizer', authorizerFn, {
      authorizerName: this.wiring.authorizer.function,
      identitySource: [`route.request.querystring.${this.wiring.authorizer.webSocketTokenParameter}`],
    });
    for (const [key, fnName] of Object.entries(this.wiring.webSocket.routes)) {
      this.webSocketRoutes[key] = this.webSocketApi.addRoute(key, {
        integration: new WebSocketLambdaRoleIntegration(
          `WebSocket${pascal(key)}Integration`,
          this.fn(fnName),
          this.apiInvokeRole.allow(this.fn(fnName)),
        ),
        // API Gateway authorises a WebSocket connection once, at $connect.
        authorizer: key === '$connect' ? wsAuthorizer : undefined,
      });
    }
    const wsAccessLogs = new logs.LogGroup(this, 'WebSocketAccessLogs', {
      retention: LOG_RETENTION,
      removalPolicy: removal,
    });
    const stage = new apigw.WebSocketStage(this, 'WebSocketStage', {
      webSocketApi: this.webSocketApi,
      stageName: this.wiring.webSocket.stage,
      autoDeploy: true,
      throttle: { rateLimit: this.wiring.http.throttle.rateLimit, burstLimit: this.wiring.http.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(wsAccessLogs),
        format: AccessLogFormat.custom(JSON.stringify(WEBSOCKET_ACCESS_LOG_FIELDS)),
      },
    });
    return stage;
  }

  /** The account-level role API Gateway logs with, unless the context turns it off. */
  private setApiGatewayAccountRole(props: ScorecastStackProps, stage: apigw.WebSocketStage): iam.Role | undefined {
    if (!(props.apiGatewayCloudWatchRole ?? contextFlag(this, CONTEXT.apiGatewayCloudWatchRole, true))) return undefined;
    // WebSocket stages refuse access logging until the account names a role API Gateway logs
    // with (an account-and-region setting, like RestApi's `cloudWatchRole`). Kept on stack
    // deletion: other APIs in the account may rely on the setting by then.
    const role = new iam.Role(this, 'ApiGatewayCloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'Account-level role API Gateway writes access and execution logs with',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(API_GATEWAY_LOGS_POLICY)],
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const account = new CfnAccount(this, 'ApiGatewayAccount', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    stage.node.addDependency(account);
    return role;
  }

  /** The KMS-encrypted alarm topic CloudWatch may publish to, with the e-mail subscription if one is configured. */
  private createAlarmTopic(props: ScorecastStackProps, removal: RemovalPolicy): sns.Topic {
    // A customer-managed key: CloudWatch can only publish to an encrypted topic whose key policy
    // lets it use the key, which the AWS-managed alias/aws/sns key never does.
    const topicKey = new kms.Key(this, 'AlarmTopicKey', {
      description: `${this.wiring.service} alarm topic encryption`,
      enableKeyRotation: true,
      removalPolicy: removal,
    });
    topicKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        // What AWS documents for CloudWatch alarms publishing to an encrypted topic.
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy, "*" is this key
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${this.wiring.service} alarms`,
      masterKey: topicKey,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    );
    const alarmEmail = (props.alarmEmail ?? stringContext(this, CONTEXT.alarmEmail) ?? '').trim();
    if (alarmEmail) topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail));
    return topic;
  }

  /** Stack outputs: URLs, table, user pool, topic, log group, dashboard and every function name. */
  private addOutputs(): void {
    new CfnOutput(this, 'HttpApiUrl', { value: this.httpStage.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'WebSocketUrl', { value: this.webSocketStage.url, description: 'WebSocket URL (wss://)' });
    new CfnOutput(this, 'WebSocketCallbackUrl', {
      value: this.webSocketCallbackUrl,
      description: 'Management API endpoint for @connections',
    });
    new CfnOutput(this, 'TableName', { value: this.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: this.identity.userPool.userPoolId, description: 'Cognito user pool' });
    new CfnOutput(this, 'UserPoolClientId', {
      value: this.identity.client.userPoolClientId,
      description: 'Cognito app client (no secret): the audience of the ID tokens the authorizer accepts',
    });
    new CfnOutput(this, 'UserPoolIssuerUrl', {
      value: this.identity.issuerUrl,
      description: 'Issuer (iss) of the user pool tokens, trusted through JWT_ISSUERS',
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn });
    new CfnOutput(this, 'FunctionLogGroupName', {
      value: this.functionLogGroup.logGroupName,
      description: 'Log group of every function (one stream prefix per function name)',
    });
    new CfnOutput(this, 'DashboardName', { value: this.dashboard.dashboardName });
    for (const [name, fn] of Object.entries(this.functions)) {
      new CfnOutput(this, `${pascal(name)}FunctionName`, { value: fn.functionName, description: `Function ${name}` });
    }
  }

  /** The declared function's construct; throws on a name the declaration lacks. */
  fn(name: string): NodejsFunction {
    const fn = this.functions[name];
    if (!fn) throw new Error(`Unknown function ${name}`);
    return fn;
  }

  /** The declared queue's constructs; throws on a name the declaration lacks. */
  declaredQueue(name: string): DeclaredQueue {
    const queue = this.queues[name];
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  }

  private createFunction(name: string, decl: FunctionDecl, indexArns: string[]): void {
    const base = pascal(name);
    // Its own role instead of AWSLambdaBasicExecutionRole: that managed policy may create any log
    // group and write to every one in the account; this one writes to the stack's function log
    // group only. The grants live in an inline policy of the role (filled in by grantUses) rather
    // than in a separate AWS::IAM::Policy per function: one resource fewer per function.
    const access = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [this.functionLogGroup.logGroupArn],
        }),
      ],
    });
    const role = new iam.Role(this, `${base}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${name}`,
      inlinePolicies: { access },
    });
    this.roles[name] = role;
    this.functions[name] = new NodejsFunction(this, `${base}Function`, {
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
      logGroup: this.functionLogGroup,
      tracing: decl.tracing ? lambda.Tracing.ACTIVE : undefined,
      environment: functionEnvironment(this.wiring, name, this.refs, this.functionSettings),
      bundling: nodejsBundlingOptions(),
    });
    this.grantUses(access, decl.uses ?? [], indexArns);
  }

  /** Least privilege, straight from the declaration's `uses`: only named actions on named resources. */
  private grantUses(policy: iam.PolicyDocument, uses: readonly Use[], indexArns: string[]): void {
    const allow = (actions: string[], resources: string[]) => {
      if (actions.length > 0 && resources.length > 0) policy.addStatements(new iam.PolicyStatement({ actions, resources }));
    };
    for (const use of uses) {
      if ('table' in use) {
        allow([...TABLE_READ_ACTIONS], [this.table.tableArn, ...indexArns]);
        if (use.table === 'readWrite') allow([...TABLE_WRITE_ACTIONS], [this.table.tableArn]);
      } else if ('queue' in use) {
        const { queue } = this.declaredQueue(use.queue);
        allow([...(use.send ? ['sqs:SendMessage'] : []), ...(use.inspect ? ['sqs:GetQueueAttributes'] : [])], [queue.queueArn]);
      } else if ('deadLetterQueue' in use) {
        const { deadLetterQueue } = this.declaredQueue(use.deadLetterQueue);
        allow(
          [
            ...(use.receive ? ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'] : []),
            ...(use.send ? ['sqs:SendMessage'] : []),
            ...(use.inspect ? ['sqs:GetQueueAttributes'] : []),
          ],
          [deadLetterQueue.queueArn],
        );
      } else if ('allQueues' in use && use.allQueues === 'send') {
        // Redrive sends back to the source queues only; the DLQs are drained by their consumer.
        allow(
          ['sqs:SendMessage'],
          Object.values(this.queues).map(({ queue }) => queue.queueArn),
        );
      } else if ('allQueues' in use) {
        allow(
          ['sqs:GetQueueAttributes'],
          Object.values(this.queues).flatMap(({ queue, deadLetterQueue }) => [queue.queueArn, deadLetterQueue.queueArn]),
        );
      } else if ('connections' in use) {
        allow(['execute-api:ManageConnections'], this.connectionArns);
      }
    }
  }

  private createDashboard(): cloudwatch.Dashboard {
    const dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      // Dashboard names are unique per account, not per region.
      dashboardName: `${this.stackName}-${this.region}`,
      defaultInterval: Duration.hours(3),
    });
    ignoreCfnLint(dashboard, {
      E3002:
        "CloudFormation's AWS::CloudWatch::Dashboard takes Tags (aws-cdk-lib emits the stack's tags on it); " +
        'the resource schema bundled with cfn-lint 1.51 predates the property and refuses it.',
    });
    const period = ALARM_PERIOD;
    const fns = Object.entries(this.functions);
    const wsMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: this.webSocketApi.apiId, Stage: this.wiring.webSocket.stage },
        statistic: 'Sum',
        period,
      });
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24 }));
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'HTTP API requests and errors',
        left: [
          this.httpApi.metricCount({ period, statistic: 'Sum' }),
          this.httpApi.metricClientError({ period, statistic: 'Sum', label: '4xx' }),
          this.httpApi.metricServerError({ period, statistic: 'Sum', label: '5xx' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'HTTP API latency',
        left: [
          this.httpApi.metricLatency({ period, statistic: 'p50', label: 'p50' }),
          this.httpApi.metricLatency({ period, statistic: 'p99', label: 'p99' }),
          this.httpApi.metricIntegrationLatency({ period, statistic: 'p99', label: 'integration p99' }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'WebSocket API',
        left: ['ConnectCount', 'MessageCount', 'ClientError', 'IntegrationError', 'ExecutionError'].map(wsMetric),
        width: 8,
      }),
    );
    dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: fns.map(([name, fn]) => fn.metricErrors({ period, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function duration p99',
        left: fns.map(([name, fn]) => fn.metricDuration({ period, statistic: 'p99', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        left: fns.map(([name, fn]) => fn.metricThrottles({ period, statistic: 'Sum', label: name })),
        width: 8,
      }),
    );
    const queues = Object.entries(this.queues);
    if (queues.length > 0) {
      dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: 'Dead-letter queue depth',
          left: queues.map(([name, q]) =>
            q.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
              period,
              statistic: 'Maximum',
              label: deadLetterQueueName(name),
            }),
          ),
          width: 12,
        }),
        new cloudwatch.GraphWidget({
          title: 'Queue backlog age (s)',
          left: queues.map(([name, q]) => q.queue.metricApproximateAgeOfOldestMessage({ period, statistic: 'Maximum', label: name })),
          width: 12,
        }),
      );
    }
    return dashboard;
  }

  private removalPolicyFrom(props: ScorecastStackProps): RemovalPolicy {
    const value = props.removalPolicy ?? stringContext(this, CONTEXT.removalPolicy) ?? 'retain';
    if (value === 'retain') return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
    if (value === 'destroy') return RemovalPolicy.DESTROY;
    throw new Error(`${CONTEXT.removalPolicy} must be "retain" or "destroy", not ${JSON.stringify(value)}`);
  }

  private provisionedPollersFrom(props: ScorecastStackProps, wiring: Wiring): Readonly<Record<string, ProvisionedPollers>> {
    const queues = Object.keys(wiring.queues);
    if (!props.provisionedPollers) return parseProvisionedPollers(this.node.tryGetContext(CONTEXT.provisionedPollers), queues);
    for (const [queue, pollers] of Object.entries(props.provisionedPollers)) {
      const problem = provisionedPollersProblem(queue, pollers, queues);
      if (problem) throw new Error(`provisionedPollers: ${problem}`);
    }
    return props.provisionedPollers;
  }

  private settingsFromContext(): Record<string, string> {
    let raw: unknown = this.node.tryGetContext(CONTEXT.settings);
    if (typeof raw === 'string') raw = raw.trim() === '' ? {} : JSON.parse(raw);
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${CONTEXT.settings} must be a JSON object of setting name → value`);
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
      // Structured values (JWT_ISSUERS as an array in cdk.json) become the JSON string the
      // function parses; everything else becomes its string form.
      values[name] = typeof value === 'string' ? value : JSON.stringify(value);
    }
    return values;
  }

  /** The same parsing the twin applies to cdk.json (infra/context.ts), so both allow the same origins. */
  private corsOriginsFromContext(): string[] {
    const origins = parseCorsOrigins(stringContext(this, CONTEXT.corsOrigins) ?? '*');
    return origins.length > 0 ? origins : ['*'];
  }
}

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

/** Construct-id form of a declared name: `wsConnect` → `WsConnect`, `$connect` → `Connect`. */
export function pascal(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Construct id of an HTTP route: method and path, `/` (not allowed in ids) spelt `_`. */
function httpRouteId(route: HttpRouteDecl): string {
  return `${route.method}${route.path.replace(/\//g, '_')}`;
}

function stringContext(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string`);
  return value;
}

function contextFlag(scope: Construct, key: string, fallback: boolean): boolean {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context ${key} must be true or false`);
}
