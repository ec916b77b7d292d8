// The resource budget of item 8 (issue 11): the templates (root and nested, counted together) hold at
// most 300 resources with 45 routes, each further route adds at most 4 (its route, integration,
// function and role) and the console at most 25. CloudFormation refuses a stack over 500.
import { App, CfnResource, NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';

/** The stack deploys the web console (infra/constructs/console-hosting.ts), which brings its own 25 at most. */
const CONSOLE = true;

/**
 * Resources the console brings: everything under the Console construct, the BucketDeployment
 * handler (a singleton at the stack root) and the Cognito domain and branding managed login needs.
 */
function consoleResources(stack: ScorecastStack): string[] {
  const { domain, branding } = stack.identity;
  const roots: IConstruct[] = [stack.console, ...stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'))];
  if (domain) roots.push(domain);
  if (branding) roots.push(branding);
  return roots.flatMap((root) =>
    root.node
      .findAll()
      .filter((c): c is CfnResource => c instanceof CfnResource)
      .map((r) => r.cfnResourceType),
  );
}

/** The budget: `300 + 4 × (routes − 45) + (console ? 25 : 0)`. */
function resourceBudget(routes: number, console: boolean): number {
  return 300 + 4 * (routes - 45) + (console ? 25 : 0);
}

/** Routes as the wiring declares them: HTTP routes and WebSocket routes. */
function declaredRoutes(w: Wiring): number {
  return w.http.routes.length + Object.keys(w.webSocket.routes).length;
}

/** Resources of the stack's template and of every nested stack's template, as `cdk deploy` submits them. */
function countResources(w: Wiring): { total: number; byType: Record<string, number>; console: string[] } {
  // No esbuild run, and no asset copied into the test app's output (the AWS CLI layer is 22 MB).
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true }, builtinCloudFormationValidation: false });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring: w });
  const templates = [stack as Stack, ...stack.node.findAll().filter((c): c is NestedStack => c instanceof NestedStack)].map(
    (s) => Template.fromStack(s).toJSON() as { Resources: Record<string, { Type: string }> },
  );
  const byType: Record<string, number> = {};
  for (const t of templates) for (const r of Object.values(t.Resources)) byType[r.Type] = (byType[r.Type] ?? 0) + 1;
  // `cdk synth` adds AWS::CDK::Metadata (version reporting) to each template; a test app does not.
  byType['AWS::CDK::Metadata'] ??= templates.length;
  return { total: Object.values(byType).reduce((a, b) => a + b, 0), byType, console: consoleResources(stack) };
}

/** The wiring with `n` more HTTP routes, each on a function of its own (the costliest way to add one). */
function withMoreRoutes(w: Wiring, n: number): Wiring {
  const extra = Array.from({ length: n }, (_, i) => `budgetProbe${i}`);
  return {
    ...w,
    functions: {
      ...w.functions,
      ...Object.fromEntries(
        extra.map((name) => [
          name,
          {
            entry: 'functions/http/whoami.ts',
            description: `GET /v1/budget-probes/${name}: a route added to measure what a route costs`,
            memoryMb: 256,
            timeoutSeconds: 5,
            uses: [{ table: 'readWrite' as const }],
          },
        ]),
      ),
    },
    http: {
      ...w.http,
      routes: [
        ...w.http.routes,
        ...extra.map((name) => ({
          method: 'GET' as const,
          path: `/v1/budget-probes/${name}`,
          function: name,
          access: 'principal' as const,
          summary: name,
        })),
      ],
    },
  };
}

describe('resource budget', () => {
  const added = 6;
  let today: ReturnType<typeof countResources>;
  let grown: ReturnType<typeof countResources>;

  beforeAll(() => {
    today = countResources(wiring);
    grown = countResources(withMoreRoutes(wiring, added));
  });

  it(`holds today's routes within 300 + 4 × (routes − 45)${CONSOLE ? ' + 25' : ''}`, () => {
    const routes = declaredRoutes(wiring);
    expect(today.total, JSON.stringify(today.byType)).toBeLessThanOrEqual(resourceBudget(routes, CONSOLE));
  });

  it('spends at most 25 resources on the console (bucket, distribution, headers, function, deployment, sign-in domain)', () => {
    expect(today.console.length, today.console.join(', ')).toBeLessThanOrEqual(25);
    for (const type of ['AWS::S3::Bucket', 'AWS::CloudFront::Distribution', 'Custom::CDKBucketDeployment', 'AWS::Cognito::UserPoolDomain'])
      expect(today.console).toContain(type);
    // Without the console, the stack stays within the route budget alone.
    expect(today.total - today.console.length).toBeLessThanOrEqual(resourceBudget(declaredRoutes(wiring), false));
  });

  it('adds at most 4 resources per new HTTP route (route, integration, function, role)', () => {
    expect(declaredRoutes(withMoreRoutes(wiring, added))).toBe(declaredRoutes(wiring) + added);
    expect(grown.total - today.total).toBeLessThanOrEqual(4 * added);
    expect(grown.total).toBeLessThanOrEqual(resourceBudget(declaredRoutes(wiring) + added, CONSOLE));
    const delta = (type: string) => (grown.byType[type] ?? 0) - (today.byType[type] ?? 0);
    expect(delta('AWS::Lambda::Permission')).toBe(0);
    expect(delta('AWS::Logs::LogGroup')).toBe(0);
    expect(delta('AWS::CloudWatch::Alarm')).toBe(0);
  });

  it('the budget formula is the one item 8 states', () => {
    expect(resourceBudget(45, false)).toBe(300);
    expect(resourceBudget(50, false)).toBe(320);
    expect(resourceBudget(45, true)).toBe(325);
  });
});
