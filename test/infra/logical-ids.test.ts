// Logical ids are what CloudFormation knows a resource by: a changed id is a new resource and the old
// one deleted (a new, empty table, queue or user pool). The stack is built from grouping constructs
// (infra/constructs/group.ts) that must not show in any id, and every resource deployed before that
// split keeps its id and type. deployed-logical-ids.json lists them as the stack synthesized before
// the split; a resource removed or replaced on purpose leaves the list in the commit that says why.
import { readFileSync } from 'node:fs';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { Group, logicalIdWithoutGroups } from '#infra/constructs/group.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

// No esbuild run, and no asset copied into each test app's output (the console's deployment alone
// would copy aws-cdk-lib's 22 MB AWS CLI layer into a temporary folder at every synthesis).
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true };

/** Logical id → type of every resource the stack deployed before its split into constructs. */
const deployed = JSON.parse(readFileSync(new URL('./deployed-logical-ids.json', import.meta.url), 'utf8')) as Record<string, string>;

function resourceTypes(stack: Stack): Record<string, string> {
  const resources = (Template.fromStack(stack).toJSON() as Json).Resources as Record<string, { Type: string }>;
  return Object.fromEntries(Object.entries(resources).map(([id, r]) => [id, r.Type]));
}

describe('logical ids', () => {
  it('keep the id and type of every resource the stack deployed before its split into constructs', () => {
    const app = new App({ context: SKIP_BUNDLING, builtinCloudFormationValidation: false });
    const types = resourceTypes(new ScorecastStack(app, 'Scorecast', { wiring }));
    const lost = Object.entries(deployed).filter(([id, type]) => types[id] !== type);
    expect(lost, 'resources whose logical id or type changed (CloudFormation would replace them)').toEqual([]);
  });

  it('are the same whether resources sit in groups or at the stack root, ids derived from other constructs included', () => {
    const flat = resourceTypes(exampleStack('flat'));
    const grouped = resourceTypes(exampleStack('grouped'));
    // The example covers the ids CDK derives from another construct's unique id.
    expect(Object.keys(flat).some((id) => id.includes('SqsEventSource'))).toBe(true);
    expect(Object.keys(flat).some((id) => id.includes('AllowEventRule'))).toBe(true);
    expect(grouped).toEqual(flat);
  });

  it('still differ for resources of the same id in different groups: the synthesis fails rather than merge them', () => {
    const app = new App({ context: SKIP_BUNDLING, builtinCloudFormationValidation: false });
    const stack = new GroupedStack(app, 'Clash');
    new sqs.Queue(new Group(stack, 'A'), 'Queue');
    new sqs.Queue(new Group(stack, 'B'), 'Queue');
    expect(() => app.synth()).toThrow(/already contains/);
  });
});

/** A stack that computes logical ids as ScorecastStack does. */
class GroupedStack extends Stack {
  protected override allocateLogicalId(element: CfnElement): string {
    return logicalIdWithoutGroups(this, element);
  }
}

/** A queue consumed by a function that a schedule also invokes, at the root or in three groups (one nested). */
function exampleStack(layout: 'flat' | 'grouped'): Stack {
  const app = new App({ context: SKIP_BUNDLING, builtinCloudFormationValidation: false });
  // A stack id ending in a group's id: CDK's unique ids then spell the group's id only once.
  const stack = new GroupedStack(app, 'ExampleQueues');
  const group = (id: string, scope: Construct = stack): Construct => (layout === 'flat' ? stack : new Group(scope, id));
  const queues = group('Queues');
  const queue = new sqs.Queue(queues, 'WorkQueue', { deadLetterQueue: { queue: new sqs.Queue(queues, 'WorkDeadLetterQueue'), maxReceiveCount: 3 } });
  const worker = new lambda.Function(group('Workers', group('Functions')), 'WorkerFunction', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('export const handler = async () => {};'),
  });
  worker.addEventSource(new SqsEventSource(queue, { batchSize: 5 }));
  new events.Rule(group('Schedules'), 'SweepSchedule', {
    schedule: events.Schedule.rate(Duration.minutes(5)),
    targets: [new targets.LambdaFunction(worker)],
  });
  return stack;
}
