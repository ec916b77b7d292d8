// What `sam local invoke` needs from the synthesized template, as `cdk synth` writes it (the CLI turns
// asset and path metadata on): every declared function carries `aws:asset:path`, `aws:asset:property`
// and `aws:asset:is-bundled` (SAM runs the bundle, not the TypeScript), and `aws:cdk:path` names its
// construct, so SAM finds it by construct id (`sam local invoke WhoamiFunction`: the path segment before
// `/Resource`, however deep the construct sits). Also what SAM cannot
// take from the template: variables built from CloudFormation expressions, which it passes blank.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { pascal } from '#infra/constructs/names.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

let resources: Record<string, Json>;

beforeAll(() => {
  const app = new App({
    context: {
      'aws:cdk:bundling-stacks': [], // no esbuild run here: the metadata is the same, only the path differs
      [cxapi.ASSET_RESOURCE_METADATA_ENABLED_CONTEXT]: true,
      [cxapi.PATH_METADATA_ENABLE_CONTEXT]: true,
    },
    builtinCloudFormationValidation: false,
  });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring });
  resources = (Template.fromStack(stack).toJSON() as Json).Resources;
});

/** The Lambda function resource SAM knows as `id` (its `aws:cdk:path` ends `/<id>/Resource`), with its logical id. */
function byConstructId(id: string): [string, Json] | undefined {
  const samId = (path: unknown) => (typeof path === 'string' && path.endsWith('/Resource') ? path.split('/').at(-2) : undefined);
  const found = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function' && samId(r.Metadata?.['aws:cdk:path']) === id);
  if (found.length > 1) throw new Error(`SAM cannot tell apart ${found.map(([logicalId]) => logicalId).join(', ')}`);
  return found[0];
}

describe('the synthesized template, for sam local invoke', () => {
  const constructIds = Object.keys(wiring.functions).map((fn) => [fn, `${pascal(fn)}Function`] as const);

  it('gives every declared function a distinct construct id SAM can address', () => {
    expect(new Set(constructIds.map(([, id]) => id)).size).toBe(constructIds.length);
    for (const [fn, id] of constructIds) {
      const found = byConstructId(id);
      expect(found, `${fn} as ${id}`).toBeDefined();
      expect(found![0].startsWith(id)).toBe(true); // the logical id SAM prints starts with the construct id
    }
  });

  it('marks every declared function with the asset metadata SAM reads (its bundle, bundled)', () => {
    for (const [fn, id] of constructIds) {
      const [, resource] = byConstructId(id)!;
      expect(resource.Metadata, fn).toMatchObject({
        'aws:asset:path': expect.any(String),
        'aws:asset:property': 'Code',
        'aws:asset:is-bundled': true,
      });
      expect(resource.Metadata['aws:asset:path'], fn).not.toBe('');
    }
  });

  it('builds the variables that name resources from CloudFormation expressions (SAM passes those blank)', () => {
    const expressions = (id: string) =>
      Object.entries(byConstructId(id)![1].Properties.Environment.Variables as Record<string, unknown>)
        .filter(([, value]) => typeof value !== 'string')
        .map(([name]) => name)
        .sort();
    // health needs `--env-vars` with the twin's TABLE_NAME and QUEUE_URLS; whoami runs as synthesized.
    expect(expressions('HealthFunction')).toEqual(['QUEUE_URLS', 'TABLE_NAME']);
    expect(expressions('WhoamiFunction')).toEqual([]);
  });
});
