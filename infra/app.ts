// The CDK app: one stack built from the wiring declaration, checked by cdk-nag on every synth.
// cdk.json runs it with `npx tsx infra/app.ts`.
import { App, Tags } from 'aws-cdk-lib';
import { acknowledgeNagFindings, addNagChecks } from './nag.ts';
import { CONTEXT } from './context.ts';
import { ScorecastStack } from './stack.ts';
import { wiring } from './wiring.ts';

const app = new App();

// `-c scorecast:stackName=Scorecast-dev` deploys a second copy (with `-c scorecast:removalPolicy=destroy`).
const stackName: unknown = app.node.tryGetContext(CONTEXT.stackName);
const stack = new ScorecastStack(app, typeof stackName === 'string' && stackName ? stackName : 'Scorecast', {
  wiring,
  description: 'Scorecast: serverless benchmarking platform for AI agents',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Tags.of(stack).add('service', wiring.service);

acknowledgeNagFindings(stack);
addNagChecks(app);

app.synth();
