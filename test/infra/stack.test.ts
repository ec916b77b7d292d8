// The synthesized template, checked against the wiring declaration it was built from: the real
// declaration and a fixture with queues, schedules and every kind of `use`. Each expectation is
// derived from the declaration, so a stack that drifts from it fails here.
import { App, type Stack, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS_PER_FAILURE_ALARM } from '#infra/constructs/failure-alarms.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';
import { deadLetterQueueName, routeKey, wiringProblems } from '#infra/wiring-env.ts';
import type { Use, Wiring } from '#infra/wiring-types.ts';
import { fixtureContext, fixtureWiring } from './fixture-wiring.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

// No esbuild run, and no asset copied into each test app's output (the console's deployment alone
// would copy aws-cdk-lib's 22 MB AWS CLI layer into a temporary folder at every synthesis).
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true };

interface Synth {
  stack: ScorecastStack;
  template: Template;
  resources: Record<string, Json>;
  outputs: Record<string, Json>;
}

function synth(w: Wiring, context: Record<string, unknown> = {}): Synth {
  // The built-in CloudFormation validation runs in nag.test.ts (as in `cdk synth`); here it would
  // only add its schema-loading time to every synthesis.
  const app = new App({ context: { ...SKIP_BUNDLING, ...context }, builtinCloudFormationValidation: false });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring: w });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as Json;
  return { stack, template, resources: json.Resources, outputs: json.Outputs ?? {} };
}

const ofType = (resources: Record<string, Json>, type: string): [string, Json][] => Object.entries(resources).filter(([, r]) => r.Type === type);
const logicalId = (stack: Stack, construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const getAttId = (value: Json): string | undefined => value?.['Fn::GetAtt']?.[0];
const refId = (value: Json): string | undefined => value?.Ref;

/** Every Allow/Deny statement of the IAM policies attached to a role (inline and AWS::IAM::Policy). */
function roleStatements(resources: Record<string, Json>, roleId: string): Json[] {
  const statements: Json[] = [];
  const role = resources[roleId];
  for (const policy of role?.Properties?.Policies ?? []) statements.push(...asArray(policy.PolicyDocument.Statement));
  for (const [, policy] of ofType(resources, 'AWS::IAM::Policy')) {
    if ((policy.Properties.Roles ?? []).some((r: Json) => refId(r) === roleId))
      statements.push(...asArray(policy.Properties.PolicyDocument.Statement));
  }
  return statements;
}

function functionRoleId(resources: Record<string, Json>, fnId: string): string {
  const id = getAttId(resources[fnId].Properties.Role);
  if (!id) throw new Error(`Function ${fnId} has no role reference`);
  return id;
}

const X_RAY_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
const SQS_CONSUME_ACTIONS = ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'];

/** The actions a function may hold, re-derived here from its declaration (independently of the stack). */
function expectedActions(w: Wiring, fn: string): string[] {
  const decl = w.functions[fn]!;
  const actions = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);
  const add = (...names: string[]) => {
    for (const n of names) actions.add(n);
  };
  for (const use of decl.uses ?? ([] as Use[])) {
    if ('table' in use) {
      add('dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query');
      if (use.table === 'readWrite')
        add('dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:ConditionCheckItem');
    } else if ('queue' in use) {
      if (use.send) add('sqs:SendMessage');
      if (use.inspect) add('sqs:GetQueueAttributes');
    } else if ('deadLetterQueue' in use) {
      if (use.receive) add('sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility');
      if (use.inspect) add('sqs:GetQueueAttributes');
    } else if ('allQueues' in use) {
      if (Object.keys(w.queues).length > 0) add(use.allQueues === 'send' ? 'sqs:SendMessage' : 'sqs:GetQueueAttributes');
    } else if ('connections' in use) add('execute-api:ManageConnections');
  }
  const consumes = Object.values(w.queues).some((q) => q.consumer === fn || q.deadLetterConsumer === fn);
  if (consumes) add(...SQS_CONSUME_ACTIONS);
  if (decl.tracing) add(...X_RAY_ACTIONS);
  return [...actions].sort();
}

const cases: [string, Wiring, Record<string, unknown>][] = [
  ['the real wiring', wiring, {}],
  ['the fixture wiring (queues, schedules, every use)', fixtureWiring, fixtureContext],
];

describe.each(cases)('ScorecastStack from %s', (_label, w, context) => {
  let s: Synth;
  const fixture = w === fixtureWiring;
  const fnId = (name: string) => logicalId(s.stack, s.stack.fn(name));
  const resolve = (value: unknown) => s.stack.resolve(value);

  beforeAll(() => {
    s = synth(w, context);
  });

  it('has no wiring problems to start from', () => {
    expect(wiringProblems(w)).toEqual([]);
  });

  describe('table', () => {
    it('is one on-demand table with PITR, TTL, PK/SK, the declared GSIs and AWS-managed encryption', () => {
      const tables = ofType(s.resources, 'AWS::DynamoDB::Table');
      expect(tables).toHaveLength(1);
      const [, table] = tables[0]!;
      const p = table.Properties;
      expect(p.BillingMode).toBe('PAY_PER_REQUEST');
      expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(p.TimeToLiveSpecification).toEqual({ AttributeName: w.table.ttlAttribute, Enabled: true });
      expect(p.KeySchema).toEqual([
        { AttributeName: w.table.partitionKey, KeyType: 'HASH' },
        { AttributeName: w.table.sortKey, KeyType: 'RANGE' },
      ]);
      expect(p.SSESpecification).toEqual({ SSEEnabled: true });
      const gsis = Object.fromEntries((p.GlobalSecondaryIndexes ?? []).map((g: Json) => [g.IndexName, g]));
      expect(Object.keys(gsis).sort()).toEqual(Object.keys(w.table.indexes).sort());
      for (const [name, index] of Object.entries(w.table.indexes)) {
        expect(gsis[name].KeySchema).toEqual([
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ]);
        expect(gsis[name].Projection).toEqual({ ProjectionType: 'ALL' });
      }
      for (const attr of p.AttributeDefinitions) expect(attr.AttributeType).toBe('S');
    });

    it(
      fixture ? 'is deleted with a dev stack (removalPolicy=destroy)' : 'is retained by default, except when the create that made it rolls back',
      () => {
        const [, table] = ofType(s.resources, 'AWS::DynamoDB::Table')[0]!;
        expect(table.DeletionPolicy).toBe(fixture ? 'Delete' : 'RetainExceptOnCreate');
        expect(table.UpdateReplacePolicy).toBe(fixture ? 'Delete' : 'Retain');
        // Deletion protection would make the rollback of a failed first create fail and leave the table.
        expect(table.Properties.DeletionProtectionEnabled).toBeUndefined();
      },
    );

    it(
      fixture ? 'deletes every stateful resource with a dev stack' : 'retains the table, user pool, key and log groups except on a failed create',
      () => {
        const stateful = ['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::KMS::Key', 'AWS::Logs::LogGroup'];
        for (const type of stateful) {
          for (const [id, r] of ofType(s.resources, type)) {
            expect(r.DeletionPolicy, id).toBe(fixture ? 'Delete' : 'RetainExceptOnCreate');
            expect(r.UpdateReplacePolicy, id).toBe(fixture ? 'Delete' : 'Retain');
          }
        }
        // Nothing else stays behind a failed first deploy but the account-level API Gateway logging
        // role and setting, which other APIs of the account may rely on.
        const plainRetain = Object.entries(s.resources)
          .filter(([, r]) => r.DeletionPolicy === 'Retain')
          .map(([, r]) => r.Type);
        expect(plainRetain.sort()).toEqual(fixture ? [] : ['AWS::ApiGateway::Account', 'AWS::IAM::Role']);
      },
    );
  });

  describe('functions', () => {
    it('are exactly the declared ones: nodejs22.x or newer, arm64, declared memory and timeout', () => {
      // Besides the declared ones, only the console's deployment handler (aws-cdk-lib's BucketDeployment).
      const handler = logicalId(s.stack, s.stack.node.findAll().find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))!);
      const fns = ofType(s.resources, 'AWS::Lambda::Function').filter(([id]) => id !== handler);
      expect(fns).toHaveLength(Object.keys(w.functions).length);
      for (const [name, decl] of Object.entries(w.functions)) {
        const p = s.resources[fnId(name)].Properties;
        const major = /^nodejs(\d+)\.x$/.exec(p.Runtime)?.[1];
        expect(Number(major), `${name} runtime ${p.Runtime}`).toBeGreaterThanOrEqual(22);
        expect(p.Architectures).toEqual(['arm64']);
        expect(p.MemorySize).toBe(decl.memoryMb);
        expect(p.Timeout).toBe(decl.timeoutSeconds);
        expect(p.Handler).toBe('index.handler');
        expect(p.Description).toBe(decl.description);
        expect(p.ReservedConcurrentExecutions).toBeUndefined();
      }
    });

    it('trace with X-Ray only where the declaration asks for it', () => {
      for (const [name, decl] of Object.entries(w.functions)) {
        const mode = s.resources[fnId(name)].Properties.TracingConfig?.Mode;
        if (decl.tracing) expect(mode, name).toBe('Active');
        else expect(mode, name).toBeUndefined();
      }
    });

    it('all log to the one function log group, retained 30 days, each writing there only', () => {
      const groupId = logicalId(s.stack, s.stack.functions.logGroup);
      expect(s.resources[groupId].Type).toBe('AWS::Logs::LogGroup');
      expect(s.resources[groupId].Properties.RetentionInDays).toBe(30);
      for (const name of Object.keys(w.functions)) {
        expect(refId(s.resources[fnId(name)].Properties.LoggingConfig?.LogGroup), name).toBe(groupId);
        const logs = roleStatements(s.resources, functionRoleId(s.resources, fnId(name))).filter((st) =>
          asArray<string>(st.Action).some((a) => a.startsWith('logs:')),
        );
        expect(
          logs.flatMap((st) => asArray(st.Resource)),
          name,
        ).toEqual([{ 'Fn::GetAtt': [groupId, 'Arn'] }]);
      }
      // The function log group and the two access log groups: none per function.
      expect(ofType(s.resources, 'AWS::Logs::LogGroup')).toHaveLength(3);
    });

    it('get the environment their declaration names, spelt out here for a few functions', () => {
      const env = (name: string) => s.resources[fnId(name)].Properties.Environment.Variables;
      const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(s.stack, construct) });
      const common = {
        POWERTOOLS_SERVICE_NAME: 'scorecast',
        POWERTOOLS_METRICS_NAMESPACE: 'Scorecast',
        LOG_LEVEL: fixture ? 'DEBUG' : 'INFO',
      };
      // No uses, one route: the body limit, no table, no queue, no issuers (its policy is in its bundle).
      expect(env('whoami')).toEqual({ ...common, MAX_BODY_BYTES: '262144' });
      // A queue worker: the table, the three queues it sends to and its own DLQ (where a message that
      // fails the queue's contract goes at once), by reference; no route settings.
      expect(env('scoringWorker')).toEqual({
        ...common,
        TABLE_NAME: ref(s.stack.data.table),
        BROADCAST_QUEUE_URL: ref(s.stack.declaredQueue('broadcast').queue),
        DELIVERY_QUEUE_URL: ref(s.stack.declaredQueue('delivery').queue),
        JUDGING_QUEUE_URL: ref(s.stack.declaredQueue('judging').queue),
        SCORING_DLQ_URL: ref(s.stack.declaredQueue('scoring').deadLetterQueue),
      });
      // The authorizer: the table (API keys), the issuers (the stack's pool first) and the claim names.
      const authorizer = env(w.authorizer.function);
      expect(authorizer).toMatchObject({
        ...common,
        TABLE_NAME: ref(s.stack.data.table),
        TENANT_CLAIM: 'custom:tenant_id',
        ROLES_CLAIM: 'cognito:groups',
        LOCATIONS_CLAIM: 'custom:locations',
        WS_TOKEN_PARAMETER: w.authorizer.webSocketTokenParameter,
      });
      expect(JSON.stringify(authorizer.JWT_ISSUERS)).toContain(logicalId(s.stack, s.stack.identity.userPool));
      // Only the functions that read or write the table are told its name.
      for (const [name, decl] of Object.entries(w.functions)) {
        const usesTable = (decl.uses ?? []).some((use) => 'table' in use);
        expect(env(name)?.TABLE_NAME, name).toEqual(usesTable ? ref(s.stack.data.table) : undefined);
      }
    });

    it('take setting overrides from context and defaults otherwise', () => {
      const env = s.resources[fnId(w.authorizer.function)].Properties.Environment.Variables;
      // The stack's user pool comes first, then the configured issuers (the declared default is none).
      const configured = fixture ? JSON.parse(fixtureContext['scorecast:settings']).JWT_ISSUERS : w.settings.JWT_ISSUERS!.default;
      expect(env.JWT_ISSUERS).toEqual(resolve(s.stack.identity.jwtIssuersSetting(configured)));
      expect(env.TENANT_CLAIM).toBe(w.settings.TENANT_CLAIM!.default);
      const whoami = s.resources[fnId('whoami')].Properties.Environment.Variables;
      expect(whoami.LOG_LEVEL).toBe(fixture ? 'DEBUG' : 'INFO');
    });
  });

  describe('least privilege', () => {
    const allStatements = () => {
      const statements: Json[] = [];
      for (const [id] of ofType(s.resources, 'AWS::IAM::Role')) statements.push(...roleStatements(s.resources, id));
      for (const [, p] of ofType(s.resources, 'AWS::IAM::ManagedPolicy')) statements.push(...asArray(p.Properties.PolicyDocument.Statement));
      return statements;
    };

    it('no IAM statement allows a wildcard action', () => {
      const statements = allStatements();
      expect(statements.length).toBeGreaterThan(0);
      for (const st of statements) {
        for (const action of asArray<string>(st.Action)) {
          expect(action, JSON.stringify(st)).not.toBe('*');
          expect(action, JSON.stringify(st)).not.toMatch(/^[a-z0-9-]+:\*$/);
          expect(action, JSON.stringify(st)).not.toContain('*');
        }
      }
    });

    it('"Resource": "*" appears only for X-Ray, which has no resource-level permissions', () => {
      for (const st of allStatements()) {
        if (asArray(st.Resource).includes('*'))
          expect(
            asArray<string>(st.Action).every((a) => X_RAY_ACTIONS.includes(a)),
            JSON.stringify(st),
          ).toBe(true);
      }
    });

    it('each function holds exactly the actions its declared uses (and queues it consumes) need', () => {
      const roles = new Set<string>();
      for (const name of Object.keys(w.functions)) {
        const roleId = functionRoleId(s.resources, fnId(name));
        roles.add(roleId);
        const actions = new Set<string>();
        for (const st of roleStatements(s.resources, roleId)) {
          expect(st.Effect).toBe('Allow');
          for (const a of asArray<string>(st.Action)) actions.add(a);
        }
        expect([...actions].sort(), name).toEqual(expectedActions(w, name));
        expect(s.resources[roleId].Properties.ManagedPolicyArns, `${name} has managed policies`).toBeUndefined();
      }
      expect(roles.size, 'one role per function').toBe(Object.keys(w.functions).length);
    });

    it('table grants name the table and its indexes, never a wildcard', () => {
      const tableId = logicalId(s.stack, s.stack.data.table);
      const expected = resolve([
        s.stack.data.table.tableArn,
        ...Object.keys(w.table.indexes).map((i) => `${s.stack.data.table.tableArn}/index/${i}`),
      ]);
      for (const name of Object.keys(w.functions)) {
        for (const st of roleStatements(s.resources, functionRoleId(s.resources, fnId(name)))) {
          const actions = asArray<string>(st.Action);
          if (!actions.some((a) => a.startsWith('dynamodb:'))) continue;
          expect(actions.every((a) => a.startsWith('dynamodb:'))).toBe(true);
          const resources = asArray(st.Resource);
          if (actions.includes('dynamodb:Query')) expect(resources).toEqual(expected);
          else expect(resources).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
        }
      }
    });

    it('@connections grants name this API, this stage and POST/GET/DELETE only', () => {
      const users = Object.entries(w.functions).filter(([, d]) => d.uses?.some((u) => 'connections' in u));
      expect(users.length).toBeGreaterThan(0);
      const apiId = logicalId(s.stack, s.stack.webSocket.api);
      for (const [name] of users) {
        const st = roleStatements(s.resources, functionRoleId(s.resources, fnId(name))).find((x) =>
          asArray<string>(x.Action).includes('execute-api:ManageConnections'),
        );
        expect(asArray(st.Action)).toEqual(['execute-api:ManageConnections']);
        const flat = asArray(st.Resource).map((r: Json) =>
          r['Fn::Join'][1].map((p: Json) => (typeof p === 'string' ? p : refId(p) === apiId ? '<api>' : `<${refId(p)}>`)).join(''),
        );
        expect(flat.sort()).toEqual(
          ['DELETE', 'GET', 'POST'].map(
            (m) => `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<api>/${w.webSocket.stage}/${m}/@connections/*`,
          ),
        );
      }
    });

    it('an { allQueues: "send" } grant names every source queue and no DLQ', () => {
      const users = Object.entries(w.functions).filter(([, d]) => d.uses?.some((u) => 'allQueues' in u && u.allQueues === 'send'));
      expect(users.length).toBeGreaterThan(0);
      const sources = Object.keys(w.queues).map((q) => ({ 'Fn::GetAtt': [logicalId(s.stack, s.stack.declaredQueue(q).queue), 'Arn'] }));
      for (const [name] of users) {
        const st = roleStatements(s.resources, functionRoleId(s.resources, fnId(name))).find((x) =>
          asArray<string>(x.Action).includes('sqs:SendMessage'),
        );
        expect(asArray(st.Action), name).toEqual(['sqs:SendMessage']);
        expect(asArray(st.Resource), name).toEqual(sources);
      }
    });
  });

  describe('queues', () => {
    it('are exactly the declared queues and one DLQ each, SSE-SQS encrypted', () => {
      const queues = ofType(s.resources, 'AWS::SQS::Queue');
      expect(queues).toHaveLength(2 * Object.keys(w.queues).length);
      for (const [, q] of queues) expect(q.Properties.SqsManagedSseEnabled).toBe(true);
    });

    it('each has its own DLQ with the declared maxReceiveCount, 14-day retention and an alarm on messages it receives', () => {
      const alarms = ofType(s.resources, 'AWS::CloudWatch::Alarm');
      const topicId = logicalId(s.stack, s.stack.alarms.topic);
      for (const [name, decl] of Object.entries(w.queues)) {
        const [queueId, queue] = ofType(s.resources, 'AWS::SQS::Queue').find(([, q]) => q.Properties.QueueName === `Scorecast-${name}`)!;
        expect(queue, name).toBeDefined();
        const dlqId = getAttId(queue.Properties.RedrivePolicy.deadLetterTargetArn)!;
        expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(decl.maxReceiveCount);
        const dlq = s.resources[dlqId];
        expect(dlqId).not.toBe(queueId);
        expect(dlq.Properties.QueueName).toBe(`Scorecast-${deadLetterQueueName(name)}`);
        expect(dlq.Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
        expect(dlq.Properties.RedrivePolicy).toBeUndefined();
        // The recorder drains the DLQ within seconds, so its depth never shows a dead letter; every
        // dead letter is received (by the recorder) at least once. Messages moved there by the
        // redrive policy are not counted in NumberOfMessagesSent.
        const dlqAlarms = alarms.filter(
          ([, a]) =>
            a.Properties.Namespace === 'AWS/SQS' && a.Properties.Dimensions.some((d: Json) => d.Name === 'QueueName' && getAttId(d.Value) === dlqId),
        );
        expect(dlqAlarms, `${name} dead-letter alarm`).toHaveLength(1);
        const p = dlqAlarms[0]![1].Properties;
        expect(p.MetricName).toBe('NumberOfMessagesReceived');
        expect(p.Statistic).toBe('Sum');
        expect(p.Threshold).toBe(1);
        expect(p.ComparisonOperator).toBe('GreaterThanOrEqualToThreshold');
        expect(p.AlarmActions).toEqual([{ Ref: topicId }]);
      }
    });

    it('every queue and DLQ has a policy refusing requests without TLS', () => {
      const policies = ofType(s.resources, 'AWS::SQS::QueuePolicy');
      for (const [queueId] of ofType(s.resources, 'AWS::SQS::Queue')) {
        const policy = policies.find(([, p]) => p.Properties.Queues.some((q: Json) => refId(q) === queueId));
        expect(policy, queueId).toBeDefined();
        const statements = asArray(policy![1].Properties.PolicyDocument.Statement);
        expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      }
    });

    it("each queue's visibility timeout is at least 6x its consumer's timeout (DLQs included)", () => {
      const mappings = ofType(s.resources, 'AWS::Lambda::EventSourceMapping');
      for (const [, m] of mappings) {
        const queue = s.resources[getAttId(m.Properties.EventSourceArn)!];
        const fn = s.resources[refId(m.Properties.FunctionName)!];
        expect(queue.Properties.VisibilityTimeout ?? 30).toBeGreaterThanOrEqual(6 * fn.Properties.Timeout);
      }
    });

    it('every event source mapping reports batch item failures and caps its concurrency', () => {
      const mappings = ofType(s.resources, 'AWS::Lambda::EventSourceMapping');
      const consumers = Object.values(w.queues).flatMap((q) => [q.consumer, ...(q.deadLetterConsumer ? [q.deadLetterConsumer] : [])]);
      expect(mappings).toHaveLength(consumers.length);
      for (const [, m] of mappings) {
        expect(m.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
        expect(m.Properties.ScalingConfig?.MaximumConcurrency).toBeGreaterThanOrEqual(2);
      }
      for (const [name, decl] of Object.entries(w.queues)) {
        const queueId = logicalId(s.stack, s.stack.declaredQueue(name).queue);
        const [, m] = mappings.find(([, x]) => getAttId(x.Properties.EventSourceArn) === queueId)!;
        expect(refId(m.Properties.FunctionName)).toBe(fnId(decl.consumer));
        expect(m.Properties.BatchSize).toBe(decl.batchSize);
        expect(m.Properties.ScalingConfig.MaximumConcurrency).toBe(decl.maxConcurrency);
        expect(m.Properties.MaximumBatchingWindowInSeconds).toBe(decl.batchingWindowSeconds > 0 ? decl.batchingWindowSeconds : undefined);
        const dlqId = logicalId(s.stack, s.stack.declaredQueue(name).deadLetterQueue);
        const dl = mappings.filter(([, x]) => getAttId(x.Properties.EventSourceArn) === dlqId);
        if (decl.deadLetterConsumer) {
          expect(dl).toHaveLength(1);
          expect(refId(dl[0]![1].Properties.FunctionName)).toBe(fnId(decl.deadLetterConsumer));
        } else expect(dl).toHaveLength(0);
      }
    });
  });

  it('runs each declared schedule as a rate rule targeting its function', () => {
    const rules = ofType(s.resources, 'AWS::Events::Rule');
    expect(rules).toHaveLength(Object.keys(w.schedules).length);
    for (const [name, decl] of Object.entries(w.schedules)) {
      const rate = `rate(${decl.rateMinutes} ${decl.rateMinutes === 1 ? 'minute' : 'minutes'})`;
      const rule = rules.find(([, r]) => r.Properties.Description === decl.description);
      expect(rule, name).toBeDefined();
      expect(rule![1].Properties.ScheduleExpression).toBe(rate);
      expect(rule![1].Properties.State).toBe('ENABLED');
      expect(rule![1].Properties.Targets.map((t: Json) => getAttId(t.Arn))).toEqual([fnId(decl.function)]);
    }
  });

  describe('HTTP API', () => {
    const httpApiId = () => logicalId(s.stack, s.stack.http.api);
    const httpRoutes = () => ofType(s.resources, 'AWS::ApiGatewayV2::Route').filter(([, r]) => refId(r.Properties.ApiId) === httpApiId());

    it('has exactly the declared routes; every non-public one uses the authorizer, public ones none', () => {
      const routes = httpRoutes();
      expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(w.http.routes.map(routeKey).sort());
      const [authorizerId] = ofType(s.resources, 'AWS::ApiGatewayV2::Authorizer').find(([, a]) => refId(a.Properties.ApiId) === httpApiId())!;
      for (const decl of w.http.routes) {
        const [, route] = routes.find(([, r]) => r.Properties.RouteKey === routeKey(decl))!;
        if (decl.access === 'public') {
          expect(route.Properties.AuthorizationType, routeKey(decl)).toBe('NONE');
          expect(route.Properties.AuthorizerId).toBeUndefined();
        } else {
          expect(route.Properties.AuthorizationType, routeKey(decl)).toBe('CUSTOM');
          expect(refId(route.Properties.AuthorizerId)).toBe(authorizerId);
        }
        const integration = s.resources[route.Properties.Target['Fn::Join'][1][1].Ref];
        expect(integration.Properties.PayloadFormatVersion).toBe('2.0');
        expect(integration.Properties.IntegrationType).toBe('AWS_PROXY');
        expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnId(decl.function));
        expect(getAttId(integration.Properties.CredentialsArn), routeKey(decl)).toBe(logicalId(s.stack, s.stack.apiInvokeRole.role));
      }
    });

    it('invokes route functions through one role that may invoke exactly them, with no Lambda permission per route', () => {
      const roleId = logicalId(s.stack, s.stack.apiInvokeRole.role);
      const role = s.resources[roleId];
      expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
        { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'apigateway.amazonaws.com' } },
      ]);
      const statements = roleStatements(s.resources, roleId);
      expect(statements).toHaveLength(1);
      expect(statements[0].Action).toBe('lambda:InvokeFunction');
      const targets = new Set([...w.http.routes.map((r) => r.function), ...Object.values(w.webSocket.routes)]);
      const invoked = asArray(statements[0].Resource).map((r: Json) => getAttId(r));
      expect([...invoked].sort()).toEqual([...targets].map(fnId).sort());
      // Lambda permissions remain only for the two authorizers (API Gateway calls them without
      // credentials) and the schedules' rules: none grows with the routes.
      const permissions = ofType(s.resources, 'AWS::Lambda::Permission');
      expect(permissions).toHaveLength(2 + Object.keys(w.schedules).length);
      for (const [, p] of permissions) {
        const fn = refId(p.Properties.FunctionName) ?? getAttId(p.Properties.FunctionName);
        const scheduled = Object.values(w.schedules).map((x) => fnId(x.function));
        expect([fnId(w.authorizer.function), ...scheduled]).toContain(fn);
      }
    });

    it('authorizer: REQUEST, simple responses, Authorization header, TTL from the declaration', () => {
      const authorizers = ofType(s.resources, 'AWS::ApiGatewayV2::Authorizer').filter(([, a]) => refId(a.Properties.ApiId) === httpApiId());
      expect(authorizers).toHaveLength(1);
      const p = authorizers[0]![1].Properties;
      expect(p.AuthorizerType).toBe('REQUEST');
      expect(p.EnableSimpleResponses).toBe(true);
      expect(p.AuthorizerPayloadFormatVersion).toBe('2.0');
      expect(p.IdentitySource).toEqual(['$request.header.Authorization']);
      expect(p.AuthorizerResultTtlInSeconds).toBe(w.authorizer.cacheTtlSeconds);
      expect(p.Name).toBe(w.authorizer.function);
      expect(JSON.stringify(p.AuthorizerUri)).toContain(fnId(w.authorizer.function));
    });

    it('CORS from the declaration and the context origins', () => {
      const cors = s.resources[httpApiId()].Properties.CorsConfiguration;
      expect(cors.AllowHeaders).toEqual([...w.http.cors.allowHeaders]);
      expect(cors.ExposeHeaders).toEqual([...w.http.cors.exposeHeaders]);
      expect(cors.MaxAge).toBe(w.http.cors.maxAgeSeconds);
      expect([...cors.AllowMethods].sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      if (fixture) {
        expect(cors.AllowOrigins).toEqual(['https://app.example.test', 'https://admin.example.test']);
        expect(cors.AllowCredentials).toBe(true);
      } else {
        expect(cors.AllowOrigins).toEqual(['*']);
        expect(cors.AllowCredentials).toBe(false);
      }
    });

    it('one $default stage: auto-deployed, throttled as declared, JSON access logs', () => {
      const stages = ofType(s.resources, 'AWS::ApiGatewayV2::Stage').filter(([, x]) => refId(x.Properties.ApiId) === httpApiId());
      expect(stages).toHaveLength(1);
      const p = stages[0]![1].Properties;
      expect(p.StageName).toBe('$default');
      expect(p.AutoDeploy).toBe(true);
      expect(p.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: w.http.throttle.rateLimit,
        ThrottlingBurstLimit: w.http.throttle.burstLimit,
      });
      expect(s.resources[getAttId(p.AccessLogSettings.DestinationArn)!].Type).toBe('AWS::Logs::LogGroup');
      const format = JSON.parse(p.AccessLogSettings.Format);
      for (const key of ['requestId', 'ip', 'routeKey', 'status', 'latency', 'integrationError', 'authorizerError'])
        expect(format, key).toHaveProperty(key);
      expect(format.requestId).toBe('$context.requestId');
    });
  });

  describe('WebSocket API', () => {
    const wsApiId = () => logicalId(s.stack, s.stack.webSocket.api);

    it('routes on $request.body.action', () => {
      expect(s.resources[wsApiId()].Properties.RouteSelectionExpression).toBe('$request.body.action');
      expect(s.resources[wsApiId()].Properties.ProtocolType).toBe('WEBSOCKET');
    });

    it('has the declared routes; only $connect has an authorizer (token from the query string)', () => {
      const routes = ofType(s.resources, 'AWS::ApiGatewayV2::Route').filter(([, r]) => refId(r.Properties.ApiId) === wsApiId());
      expect(routes.map(([, r]) => r.Properties.RouteKey).sort()).toEqual(Object.keys(w.webSocket.routes).sort());
      const authorizers = ofType(s.resources, 'AWS::ApiGatewayV2::Authorizer').filter(([, a]) => refId(a.Properties.ApiId) === wsApiId());
      expect(authorizers).toHaveLength(1);
      const [authorizerId, authorizer] = authorizers[0]!;
      expect(authorizer.Properties.AuthorizerType).toBe('REQUEST');
      expect(authorizer.Properties.IdentitySource).toEqual([`route.request.querystring.${w.authorizer.webSocketTokenParameter}`]);
      expect(JSON.stringify(authorizer.Properties.AuthorizerUri)).toContain(fnId(w.authorizer.function));
      for (const [, route] of routes) {
        if (route.Properties.RouteKey === '$connect') {
          expect(route.Properties.AuthorizationType).toBe('CUSTOM');
          expect(refId(route.Properties.AuthorizerId)).toBe(authorizerId);
        } else {
          expect(route.Properties.AuthorizationType ?? 'NONE', route.Properties.RouteKey).toBe('NONE');
          expect(route.Properties.AuthorizerId).toBeUndefined();
        }
        const integration = s.resources[route.Properties.Target['Fn::Join'][1][1].Ref];
        expect(JSON.stringify(integration.Properties.IntegrationUri)).toContain(fnId(w.webSocket.routes[route.Properties.RouteKey]!));
        expect(getAttId(integration.Properties.CredentialsArn)).toBe(logicalId(s.stack, s.stack.apiInvokeRole.role));
      }
    });

    it('has the declared stage: auto-deployed, throttled, JSON access logs', () => {
      const stages = ofType(s.resources, 'AWS::ApiGatewayV2::Stage').filter(([, x]) => refId(x.Properties.ApiId) === wsApiId());
      expect(stages).toHaveLength(1);
      const p = stages[0]![1].Properties;
      expect(p.StageName).toBe(w.webSocket.stage);
      expect(p.AutoDeploy).toBe(true);
      expect(p.DefaultRouteSettings).toMatchObject({
        ThrottlingRateLimit: w.http.throttle.rateLimit,
        ThrottlingBurstLimit: w.http.throttle.burstLimit,
      });
      const format = JSON.parse(p.AccessLogSettings.Format);
      for (const key of ['requestId', 'ip', 'routeKey', 'eventType', 'connectionId', 'status']) expect(format, key).toHaveProperty(key);
    });

    it(fixture ? 'leaves the account logging role alone when told to' : 'sets the account logging role WebSocket access logs need', () => {
      const accounts = ofType(s.resources, 'AWS::ApiGateway::Account');
      expect(accounts).toHaveLength(fixture ? 0 : 1);
      if (!fixture) {
        const roleId = getAttId(accounts[0]![1].Properties.CloudWatchRoleArn)!;
        expect(s.resources[roleId].DeletionPolicy).toBe('Retain');
        const [stageId] = ofType(s.resources, 'AWS::ApiGatewayV2::Stage').find(([, x]) => refId(x.Properties.ApiId) === wsApiId())!;
        expect(s.resources[stageId].DependsOn).toContain(accounts[0]![0]);
      }
    });
  });

  describe('alarms and observability', () => {
    it('every function not behind an HTTP route is in exactly one errors + throttles alarm of at most 10 metrics', () => {
      const alarms = ofType(s.resources, 'AWS::CloudWatch::Alarm');
      const topicId = logicalId(s.stack, s.stack.alarms.topic);
      const lambdaMetrics = (alarm: Json) => (alarm.Properties.Metrics ?? []).filter((q: Json) => q.MetricStat?.Metric?.Namespace === 'AWS/Lambda');
      const watches = (alarm: Json, metric: string, name: string) =>
        lambdaMetrics(alarm).some(
          (q: Json) =>
            q.MetricStat.Metric.MetricName === metric &&
            q.MetricStat.Stat === 'Sum' &&
            q.MetricStat.Period === 300 &&
            q.MetricStat.Metric.Dimensions.some((d: Json) => d.Name === 'FunctionName' && refId(d.Value) === fnId(name)),
        );
      const behindHttp = new Set(w.http.routes.map((r) => r.function));
      const watched = Object.keys(w.functions).filter((name) => !behindHttp.has(name));
      expect(watched).toContain(w.authorizer.function);
      for (const name of Object.keys(w.functions)) {
        const found = alarms.filter(([, a]) => watches(a, 'Errors', name) && watches(a, 'Throttles', name));
        expect(found, name).toHaveLength(behindHttp.has(name) ? 0 : 1);
      }
      const failureAlarms = alarms.filter(([, a]) => lambdaMetrics(a).length > 0);
      expect(failureAlarms).toHaveLength(Math.ceil(watched.length / FUNCTIONS_PER_FAILURE_ALARM));
      for (const [id, alarm] of failureAlarms) {
        const p = alarm.Properties;
        const metrics = lambdaMetrics(alarm);
        expect(metrics.length, id).toBeLessThanOrEqual(10);
        expect(p.Metrics.length, id).toBe(metrics.length + 1);
        const [expression] = p.Metrics.filter((q: Json) => q.Expression);
        // Every metric is summed, a missing datapoint counting as 0; only the expression is returned.
        expect(expression.ReturnData).toBe(true);
        for (const q of metrics) {
          expect(expression.Expression, id).toContain(`FILL(${q.Id}, 0)`);
          expect(q.ReturnData, id).toBe(false);
        }
        expect(p).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching' });
        expect(p.AlarmActions).toEqual([{ Ref: topicId }]);
      }
    });

    it('the HTTP API 5xx alarm covers every function behind an HTTP route (a failing handler answers 5xx)', () => {
      const alarms = ofType(s.resources, 'AWS::CloudWatch::Alarm');
      const apiId = logicalId(s.stack, s.stack.http.api);
      const http = alarms.filter(
        ([, a]) =>
          a.Properties.Namespace === 'AWS/ApiGateway' && a.Properties.Dimensions.some((d: Json) => d.Name === 'ApiId' && refId(d.Value) === apiId),
      );
      expect(http).toHaveLength(1);
      expect(http[0]![1].Properties).toMatchObject({
        MetricName: '5xx',
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: logicalId(s.stack, s.stack.alarms.topic) }],
      });
      const watched = Object.keys(w.functions).filter((name) => !w.http.routes.some((r) => r.function === name));
      expect(alarms).toHaveLength(1 + Math.ceil(watched.length / FUNCTIONS_PER_FAILURE_ALARM) + Object.keys(w.queues).length);
    });

    it('the alarm topic is KMS-encrypted with a rotating key CloudWatch may use, and refuses plain HTTP', () => {
      const topicId = logicalId(s.stack, s.stack.alarms.topic);
      const topic = s.resources[topicId];
      const keyId = getAttId(topic.Properties.KmsMasterKeyId);
      expect(keyId).toBeDefined();
      const key = s.resources[keyId!];
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(asArray(key.Properties.KeyPolicy.Statement)).toContainEqual(
        expect.objectContaining({
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        }),
      );
      const [, policy] = ofType(s.resources, 'AWS::SNS::TopicPolicy').find(([, p]) => p.Properties.Topics.some((t: Json) => refId(t) === topicId))!;
      const statements = asArray(policy.Properties.PolicyDocument.Statement);
      expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish' }),
      );
    });

    it(fixture ? 'subscribes the context alarm email' : 'has no subscription without an alarm email', () => {
      const subs = ofType(s.resources, 'AWS::SNS::Subscription');
      if (fixture)
        expect(subs.map(([, x]) => [x.Properties.Protocol, x.Properties.Endpoint])).toEqual([['email', fixtureContext['scorecast:alarmEmail']]]);
      else expect(subs).toHaveLength(0);
    });

    it('has a dashboard with API, function and DLQ widgets', () => {
      const dashboards = ofType(s.resources, 'AWS::CloudWatch::Dashboard');
      expect(dashboards).toHaveLength(1);
      const body = JSON.stringify(dashboards[0]![1].Properties.DashboardBody);
      for (const title of ['HTTP API requests and errors', 'HTTP API latency', 'Function errors', 'Function duration p99'])
        expect(body).toContain(title);
      expect(body.includes('Dead-letter queue depth')).toBe(Object.keys(w.queues).length > 0);
    });
  });

  it('outputs the URLs, table, topic and every function name', () => {
    const keys = Object.keys(s.outputs);
    for (const key of ['HttpApiUrl', 'WebSocketUrl', 'WebSocketCallbackUrl', 'TableName', 'AlarmTopicArn']) expect(keys).toContain(key);
    expect(JSON.stringify(s.outputs.WebSocketUrl.Value)).toContain('wss://');
    expect(JSON.stringify(s.outputs.WebSocketCallbackUrl.Value)).toContain(`/${w.webSocket.stage}`);
    const fnOutputs = keys.filter((k) => k.endsWith('FunctionName'));
    expect(fnOutputs).toHaveLength(Object.keys(w.functions).length);
    for (const name of Object.keys(w.functions))
      expect(
        fnOutputs.some((k) => refId(s.outputs[k].Value) === fnId(name)),
        name,
      ).toBe(true);
  });
});

describe('ScorecastStack refuses bad input before building anything', () => {
  it('a wiring with problems', () => {
    const broken: Wiring = {
      ...fixtureWiring,
      queues: { ...fixtureWiring.queues, jobs: { ...fixtureWiring.queues.jobs!, visibilityTimeoutSeconds: 30 } },
    };
    const app = new App({ context: SKIP_BUNDLING });
    expect(() => new ScorecastStack(app, 'Broken', { wiring: broken })).toThrow(/visibility timeout/);
  });

  it('a setting override the declaration does not have', () => {
    const app = new App({ context: { ...SKIP_BUNDLING, 'scorecast:settings': '{"NO_SUCH_SETTING":"x"}' } });
    expect(() => new ScorecastStack(app, 'Typo', { wiring })).toThrow(/NO_SUCH_SETTING/);
  });

  it('an unknown removal policy', () => {
    const app = new App({ context: { ...SKIP_BUNDLING, 'scorecast:removalPolicy': 'snapshot' } });
    expect(() => new ScorecastStack(app, 'Policy', { wiring })).toThrow(/removalPolicy/);
  });
});
