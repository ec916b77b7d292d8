// Opt-in provisioned mode for the SQS event sources (`-c scorecast:provisionedPollers=queue:min:max`):
// off by default, with the default template exactly as without the switch; when on, the named
// queue's mapping has ProvisionedPollerConfig instead of ScalingConfig (mutually exclusive in
// Lambda) and nothing else in the template moves; bad values fail synthesis with a clear message.
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT, provisionedPollers } from '#infra/context.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

// No esbuild run, and no asset copied into each test app's output (the console's deployment alone
// would copy aws-cdk-lib's 22 MB AWS CLI layer into a temporary folder at every synthesis).
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true };
const QUEUES = Object.keys(wiring.queues);

interface Synth {
  stack: ScorecastStack;
  resources: Record<string, Json>;
}

function synth(context: Record<string, unknown> = {}): Synth {
  const app = new App({ context: { ...SKIP_BUNDLING, ...context }, builtinCloudFormationValidation: false });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring });
  return { stack, resources: (Template.fromStack(stack).toJSON() as Json).Resources };
}

const mappings = (resources: Record<string, Json>): [string, Json][] =>
  Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::EventSourceMapping');

/** Logical id of the mapping that consumes the declared queue `name` (not its DLQ). */
function mappingOf(s: Synth, name: string): string {
  const queueId = s.stack.getLogicalId(s.stack.declaredQueue(name).queue.node.defaultChild as CfnElement);
  const found = mappings(s.resources).filter(([, m]) => m.Properties.EventSourceArn?.['Fn::GetAtt']?.[0] === queueId);
  expect(found, name).toHaveLength(1);
  return found[0]![0];
}

describe('provisioned pollers for the SQS event sources', () => {
  let standard: Synth;
  let provisioned: Synth;
  beforeAll(() => {
    standard = synth();
    provisioned = synth({ [CONTEXT.provisionedPollers]: 'broadcast:2:20' });
  });

  it('are off by default: every mapping keeps its declared maximum concurrency, none has pollers', () => {
    expect(standard.stack.options.provisionedPollers).toEqual({});
    for (const [id, m] of mappings(standard.resources)) {
      expect(m.Properties.ProvisionedPollerConfig, id).toBeUndefined();
      expect(m.Properties.ScalingConfig?.MaximumConcurrency, id).toBeGreaterThanOrEqual(2);
    }
    for (const [name, decl] of Object.entries(wiring.queues)) {
      const m = standard.resources[mappingOf(standard, name)];
      expect(m.Properties.ScalingConfig).toEqual({ MaximumConcurrency: decl.maxConcurrency });
    }
  });

  it('an empty value is the same template as no value', () => {
    const empty = synth({ [CONTEXT.provisionedPollers]: ' ' });
    expect(empty.resources).toEqual(standard.resources);
  });

  it('puts the named queue in provisioned mode, with the given pollers and without maxConcurrency', () => {
    const m = provisioned.resources[mappingOf(provisioned, 'broadcast')];
    expect(m.Properties.ProvisionedPollerConfig).toEqual({ MinimumPollers: 2, MaximumPollers: 20 });
    expect(m.Properties.ScalingConfig).toBeUndefined();
  });

  it('changes nothing else: the rest of the template is the default one', () => {
    const broadcastId = mappingOf(provisioned, 'broadcast');
    expect(mappingOf(standard, 'broadcast')).toBe(broadcastId);
    const { ProvisionedPollerConfig, ...rest } = provisioned.resources[broadcastId].Properties;
    expect(ProvisionedPollerConfig).toBeDefined();
    const { ScalingConfig, ...before } = standard.resources[broadcastId].Properties;
    expect(ScalingConfig).toBeDefined();
    expect(rest).toEqual(before);
    const others = (r: Record<string, Json>) => Object.fromEntries(Object.entries(r).filter(([id]) => id !== broadcastId));
    expect(others(provisioned.resources)).toEqual(others(standard.resources));
  });

  it('takes several queues, and props override the context', () => {
    const several = synth({ [CONTEXT.provisionedPollers]: 'broadcast:4:40, scoring:2:2' });
    expect(several.stack.options.provisionedPollers).toEqual({
      broadcast: { minimumPollers: 4, maximumPollers: 40 },
      scoring: { minimumPollers: 2, maximumPollers: 2 },
    });
    expect(several.resources[mappingOf(several, 'scoring')].Properties.ProvisionedPollerConfig).toEqual({
      MinimumPollers: 2,
      MaximumPollers: 2,
    });
    // Dead-letter queues' mappings are never provisioned.
    const provisionedIds = mappings(several.resources)
      .filter(([, m]) => m.Properties.ProvisionedPollerConfig)
      .map(([id]) => id);
    expect(provisionedIds.sort()).toEqual([mappingOf(several, 'broadcast'), mappingOf(several, 'scoring')].sort());

    const app = new App({ context: { ...SKIP_BUNDLING, [CONTEXT.provisionedPollers]: 'broadcast:2:20' } });
    const stack = new ScorecastStack(app, 'Props', { wiring, provisionedPollers: {} });
    expect(stack.options.provisionedPollers).toEqual({});
  });

  it.each([
    ['broadcast', /"broadcast" is not queue:min:max/],
    ['broadcast:2', /is not queue:min:max/],
    ['broadcast:two:20', /is not queue:min:max/],
    ['broadcast:2:20:3', /is not queue:min:max/],
    ['broadcast:-2:20', /is not queue:min:max/],
    ['nosuchqueue:2:20', /"nosuchqueue" is not a declared queue \(declared: scoring, broadcast/],
    ['broadcast-dlq:2:20', /"broadcast-dlq" is not a declared queue/],
    ['broadcast:1:20', /broadcast: minimumPollers must be a whole number from 2 to 200, not 1/],
    ['broadcast:201:2000', /minimumPollers must be a whole number from 2 to 200, not 201/],
    ['broadcast:2:2001', /maximumPollers must be a whole number from 2 to 2000, not 2001/],
    ['broadcast:20:2', /minimumPollers \(20\) is above maximumPollers \(2\)/],
    ['broadcast:2:20,broadcast:2:30', /queue broadcast is named twice/],
  ])('refuses %j at synth time, naming the context key', (value, message) => {
    const build = () => {
      const app = new App({ context: { ...SKIP_BUNDLING, [CONTEXT.provisionedPollers]: value } });
      return new ScorecastStack(app, 'Bad', { wiring });
    };
    expect(build).toThrow(message);
    expect(build).toThrow(/^Context scorecast:provisionedPollers: /);
  });

  it('refuses a non-string context value and bad props', () => {
    expect(() => provisionedPollers({ broadcast: '2:20' }, QUEUES)).toThrow(
      /scorecast:provisionedPollers must be a string of comma-separated queue:min:max entries, e.g. broadcast:2:20/,
    );
    const app = new App({ context: SKIP_BUNDLING });
    expect(
      () => new ScorecastStack(app, 'BadProps', { wiring, provisionedPollers: { broadcast: { minimumPollers: 2, maximumPollers: 1.5 } } }),
    ).toThrow(/provisionedPollers: broadcast: maximumPollers must be a whole number from 2 to 2000, not 1.5/);
  });
});
