// cdk-nag's AwsSolutions pack against the stack, as `cdk synth` runs it: zero unacknowledged
// findings (errors or warnings), every acknowledgement on a single construct rather than on the
// stack or app, and proof that the pack is live (without the acknowledgements it does report).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { App, Validations, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeNagFindings, addNagChecks } from '#infra/nag.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';
import { routeKey } from '#infra/wiring-env.ts';
import type { Wiring } from '#infra/wiring-types.ts';
import { fixtureContext, fixtureWiring } from './fixture-wiring.ts';

const findings = (report: PolicyValidationPluginReport) =>
  report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.severity} ${v.ruleName} ${r.constructPath}`));

const cases: [string, Wiring, Record<string, unknown>][] = [
  ['the real wiring', wiring, {}],
  ['the fixture wiring', fixtureWiring, fixtureContext],
];

describe.each(cases)('cdk-nag AwsSolutions on %s', (_label, w, context) => {
  let app: App;
  let stack: ScorecastStack;
  let before: PolicyValidationPluginReport;

  beforeAll(() => {
    app = new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
    stack = new ScorecastStack(app, 'Scorecast', { wiring: w });
    before = new AwsSolutionsChecks(app).validateScope(app);
    acknowledgeNagFindings(stack);
    addNagChecks(app);
  });

  it('is live: without the acknowledgements it reports the public routes and the pinned runtime', () => {
    const ids = findings(before);
    for (const route of w.http.routes.filter((r) => r.access === 'public')) {
      const path = stack.http.routes[routeKey(route)]!.node.path;
      expect(ids).toContain(`error AwsSolutions-APIG4 ${path}/Resource`);
    }
    for (const route of w.http.routes.filter((r) => r.access !== 'public')) {
      const path = stack.http.routes[routeKey(route)]!.node.path;
      expect(ids.some((id) => id.includes('APIG4') && id.endsWith(`${path}/Resource`))).toBe(false);
    }
    // Every declared function, plus the console's deployment handler (aws-cdk-lib's BucketDeployment).
    const runtimes = ids.filter((id) => id.includes('AwsSolutions-L1'));
    expect(runtimes.filter((id) => !id.includes('/Custom::CDKBucketDeployment'))).toHaveLength(Object.keys(w.functions).length);
    expect(runtimes.filter((id) => id.includes('/Custom::CDKBucketDeployment'))).toHaveLength(1);
  });

  it('leaves zero unacknowledged findings, errors or warnings', () => {
    const report = new AwsSolutionsChecks(app).validateScope(app);
    expect(findings(report)).toEqual([]);
    expect(report.success).toBe(true);
  });

  // A whole synthesis with schema validation and every asset staged: tens of seconds on a loaded machine.
  it('synthesizes as `cdk synth` does: cdk-nag and the built-in CloudFormation validation report nothing', { timeout: 120_000 }, () => {
    const assembly = app.synth();
    expect(assembly.getStackByName(stack.stackName).template).toBeDefined();
    const reportFile = path.join(assembly.directory, 'validation-report.json');
    const report = existsSync(reportFile)
      ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { pluginName: string; violations?: unknown[] }[] })
      : { pluginReports: [] };
    const violations = report.pluginReports.flatMap((r) => (r.violations ?? []).map((v) => ({ plugin: r.pluginName, ...(v as object) })));
    expect(violations).toEqual([]);
  });

  it('acknowledges on single constructs, never on the stack or the app', () => {
    const acknowledged: IConstruct[] = [];
    const visit = (node: IConstruct) => {
      if (node.node.metadata.some((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) acknowledged.push(node);
      node.node.children.forEach(visit);
    };
    visit(app);
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(acknowledged).not.toContain(app);
    expect(acknowledged).not.toContain(stack);
    for (const node of acknowledged) {
      for (const entry of node.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
        for (const reason of Object.values(entry.data as Record<string, string>)) expect(reason.length).toBeGreaterThan(80);
      }
    }
  });
});
