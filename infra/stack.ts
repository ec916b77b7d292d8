// The one CDK stack, built from the wiring declaration (infra/wiring.ts) and nothing else: no route,
// queue, function or environment variable is named here by hand. The local twin (infra/local/)
// reads the same declaration, so what the twin runs is what this stack deploys. Each part is a
// construct of its own under infra/constructs/; this file only puts them together.
import { type CfnElement, Duration, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { Alarms } from './constructs/alarms.ts';
import { ApiGatewayLogging } from './constructs/api-gateway-logging.ts';
import { ApiInvokeRole } from './constructs/api-invoke-role.ts';
import type { ConsoleBuildProps } from './constructs/console-build.ts';
import { ConsoleHosting } from './constructs/console-hosting.ts';
import { Dashboard } from './constructs/dashboard.ts';
import { DataTable } from './constructs/data-table.ts';
import { Functions } from './constructs/functions.ts';
import { logicalIdWithoutGroups } from './constructs/group.ts';
import { HttpApi } from './constructs/http-api.ts';
import { addQueueConsumers } from './constructs/queue-consumers.ts';
import { type DeclaredQueue, Queues } from './constructs/queues.ts';
import { Schedules } from './constructs/schedules.ts';
import { StackOutputs } from './constructs/stack-outputs.ts';
import { WebSocketApi } from './constructs/websocket-api.ts';
import { cognitoDomainPrefix, Identity } from './identity.ts';
import { type StackOptionProps, type StackOptions, stackOptions } from './stack-options.ts';
import { type ResourceRefs, wiringProblems } from './wiring-env.ts';
import type { Wiring } from './wiring-types.ts';

/** Alarm and dashboard period for function errors, throttles and dead-lettered messages. */
const ALARM_PERIOD = Duration.minutes(5);

export interface ScorecastStackProps extends StackProps, StackOptionProps {
  /** The wiring declaration the whole stack is built from. */
  wiring: Wiring;
  /** The web console's build (default: console/dist, built with Vite when missing). */
  consoleBuild?: ConsoleBuildProps;
}

export class ScorecastStack extends Stack {
  readonly wiring: Wiring;
  /** Removal policy, settings, CORS origins and the rest: from the props, else from the context. */
  readonly options: StackOptions;
  /** The user pool, its groups and app client; the authorizer trusts the pool's ID tokens. */
  readonly identity: Identity;
  readonly data: DataTable;
  readonly queues: Queues;
  readonly webSocket: WebSocketApi;
  /** The resource references each function's environment was built from. */
  readonly refs: ResourceRefs;
  /**
   * What function environments are built from: the overridden settings, with JWT_ISSUERS composed of
   * the stack's user pool and the configured issuers (a CloudFormation expression).
   */
  readonly functionSettings: Record<string, string>;
  readonly functions: Functions;
  /** The role API Gateway invokes route functions with, instead of one Lambda permission per route. */
  readonly apiInvokeRole: ApiInvokeRole;
  readonly http: HttpApi;
  /** The account-level role API Gateway logs with (absent when the context turns it off). */
  readonly apiGatewayLogging?: ApiGatewayLogging;
  readonly alarms: Alarms;
  readonly dashboard: Dashboard;
  /** The web console: bucket, distribution (which also serves the HTTP API) and config.json. */
  readonly console: ConsoleHosting;

  constructor(scope: Construct, id: string, props: ScorecastStackProps) {
    super(scope, id, props);
    const { wiring } = props;
    const problems = wiringProblems(wiring);
    if (problems.length > 0) throw new Error(`The wiring declaration has problems:\n- ${problems.join('\n- ')}`);
    this.wiring = wiring;
    this.options = stackOptions(this, props, wiring);
    const { removalPolicy, settings } = this.options;

    // Identity before the functions: the authorizer's JWT_ISSUERS names the pool and its client.
    const authorizerSettings = wiring.functions[wiring.authorizer.function]?.settings ?? [];
    if (!authorizerSettings.includes('JWT_ISSUERS'))
      throw new Error(`The authorizer (${wiring.authorizer.function}) must read JWT_ISSUERS to trust the stack's user pool`);
    // The client's callback URL is the console's, which exists only once the HTTP API does.
    this.identity = new Identity(this, 'Identity', {
      removalPolicy,
      consoleSignIn: {
        consoleUrl: Lazy.string({ produce: () => this.console.url }),
        domainPrefix: cognitoDomainPrefix(this, this.options.cognitoDomainPrefix),
      },
    });
    this.functionSettings = { ...settings, JWT_ISSUERS: this.identity.jwtIssuersSetting(settings.JWT_ISSUERS) };

    this.data = new DataTable(this, 'Table', { table: wiring.table, removalPolicy });
    this.queues = new Queues(this, 'Queues', { wiring, alarmPeriod: ALARM_PERIOD });
    // The WebSocket API before the functions (WEBSOCKET_CALLBACK_URL names it); its routes once they exist.
    this.webSocket = new WebSocketApi(this, 'WebSocket', { wiring, removalPolicy });
    this.refs = {
      tableName: this.data.table.tableName,
      queueUrl: (queue) => this.queues.get(queue).queue.queueUrl,
      deadLetterQueueUrl: (queue) => this.queues.get(queue).deadLetterQueue.queueUrl,
      webSocketCallbackUrl: this.webSocket.callbackUrl,
    };
    this.functions = new Functions(this, 'Functions', {
      wiring,
      refs: this.refs,
      settings: this.functionSettings,
      targets: {
        tableArn: this.data.table.tableArn,
        indexArns: this.data.indexArns,
        queues: this.queues.byName,
        connectionArns: this.webSocket.connectionArns,
      },
      removalPolicy,
    });
    const fn = (name: string) => this.fn(name);
    addQueueConsumers({ queues: wiring.queues, declared: this.queues, fn, provisionedPollers: this.options.provisionedPollers });
    new Schedules(this, 'Schedules', { schedules: wiring.schedules, fn });

    // The APIs invoke route functions with one role, the integrations' credentials.
    this.apiInvokeRole = new ApiInvokeRole(this, 'ApiInvoke');
    const invokeRole = this.apiInvokeRole;
    this.http = new HttpApi(this, 'Http', { wiring, corsOrigins: this.options.corsOrigins, fn, invokeRole, removalPolicy });
    this.webSocket.addRoutes({ wiring, fn, invokeRole });
    if (this.options.apiGatewayCloudWatchRole) {
      this.apiGatewayLogging = new ApiGatewayLogging(this, 'ApiGatewayLogging');
      this.webSocket.stage.node.addDependency(this.apiGatewayLogging.account);
    }

    this.console = this.addConsole(props.consoleBuild);

    const behindHttp = new Set(wiring.http.routes.map((route) => route.function));
    this.alarms = new Alarms(this, 'Alarms', {
      service: wiring.service,
      alarmEmail: this.options.alarmEmail,
      removalPolicy,
      httpApi: this.http.api,
      functionsOutsideHttp: Object.fromEntries(Object.entries(this.functions.byName).filter(([name]) => !behindHttp.has(name))),
      otherAlarms: this.queues.all.map((queue) => queue.deadLetterAlarm),
      period: ALARM_PERIOD,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      alarms: this.alarms.all,
      httpApi: this.http.api,
      webSocketApi: this.webSocket.api,
      webSocketStage: wiring.webSocket.stage,
      functions: this.functions.byName,
      queues: this.queues.byName,
      period: ALARM_PERIOD,
    });
    this.addOutputs();
  }

  /** The declared function's construct; throws on a name the declaration lacks. */
  fn(name: string): NodejsFunction {
    return this.functions.get(name);
  }

  /** The declared queue's constructs; throws on a name the declaration lacks. */
  declaredQueue(name: string): DeclaredQueue {
    return this.queues.get(name);
  }

  /**
   * Logical ids as if the grouping constructs (infra/constructs/group.ts) did not exist: each resource
   * keeps the id it had before the stack was split into them, so no deployed resource is replaced.
   */
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutGroups(this, element);
  }

  /** The web console: served with the HTTP API by one distribution, signing in on the pool's domain. */
  private addConsole(build: ConsoleBuildProps | undefined): ConsoleHosting {
    const { domain } = this.identity;
    if (!domain) throw new Error('The console needs the Cognito domain of the identity');
    return new ConsoleHosting(this, 'Console', {
      build,
      httpApi: this.http.api,
      webSocketApi: this.webSocket.api,
      webSocketUrl: this.webSocket.stage.url,
      cognitoDomainUrl: domain.baseUrl(),
      clientId: this.identity.client.userPoolClientId,
      logGroup: this.functions.logGroup,
    });
  }

  private addOutputs(): void {
    new StackOutputs(this, 'Outputs', {
      httpUrl: this.http.stage.url,
      webSocketUrl: this.webSocket.stage.url,
      webSocketCallbackUrl: this.webSocket.callbackUrl,
      tableName: this.data.table.tableName,
      identity: this.identity,
      alarmTopicArn: this.alarms.topic.topicArn,
      functionLogGroupName: this.functions.logGroup.logGroupName,
      dashboardName: this.dashboard.dashboard.dashboardName,
      functions: this.functions.byName,
      consoleUrl: this.console.url,
      signInDomainUrl: this.console.config.cognito_domain,
    });
  }
}
