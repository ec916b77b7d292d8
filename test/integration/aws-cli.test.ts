// The AWS CLI against the twin, as the README shows it: `aws lambda invoke` on its Lambda Invoke
// API, `aws dynamodb scan` on its table, `aws sqs get-queue-url`/`get-queue-attributes` on its
// queues — with dummy credentials, nothing read from the user's AWS configuration. Skipped, saying
// why, only where the `aws` command is not installed.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wiring } from '#infra/wiring.ts';
import { deadLetterQueueName } from '#infra/wiring-env.ts';
import { startTwin, type Twin } from '#infra/local/twin.ts';

const run = promisify(execFile);

function awsVersion(): string | undefined {
  try {
    return execFileSync('aws', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim() || 'aws';
  } catch {
    return undefined;
  }
}
const version = awsVersion();
if (!version) console.warn('aws-cli.test.ts: skipped — the `aws` command is not installed (pip install awscli, or AWS CLI v2)');

const dir = mkdtempSync(join(tmpdir(), 'scorecast-aws-cli-'));
const cliEnv = {
  PATH: process.env.PATH ?? '',
  HOME: dir,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: join(dir, 'no-config'),
  AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-credentials'),
  AWS_PAGER: '',
};
// CLI v2 reads --payload as base64 unless told otherwise; v1 (fileb://) sends the bytes as they are.
const payloadArgs = (file: string) =>
  version?.startsWith('aws-cli/1.') ? ['--payload', `fileb://${file}`] : ['--cli-binary-format', 'raw-in-base64-out', '--payload', `file://${file}`];
const aws = async (...args: string[]) =>
  JSON.parse((await run('aws', [...args, '--output', 'json'], { env: cliEnv, timeout: 60_000 })).stdout || 'null');

// Each `aws` call starts a Python interpreter: seconds apiece on a busy machine.
describe.skipIf(!version)(`the AWS CLI against the twin (${version ?? 'not installed'})`, { timeout: 120_000 }, () => {
  let twin: Twin;
  beforeAll(async () => {
    twin = await startTwin({ stateDir: join(dir, 'state'), onLog: () => undefined });
  });
  afterAll(() => twin?.stop());

  it('aws lambda invoke runs a declared function with a sample event', async () => {
    const out = join(dir, 'out.json');
    const result = await aws(
      'lambda',
      'invoke',
      '--endpoint-url',
      twin.local.lambda_endpoint,
      '--function-name',
      'whoami',
      ...payloadArgs('events/whoami.json'),
      out,
    );
    expect(result).toMatchObject({ StatusCode: 200 });
    expect(result.FunctionError).toBeUndefined();
    const response = JSON.parse(readFileSync(out, 'utf8'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ tenant_id: 'demo', principal_id: 'demo-admin' });
  });

  it('aws dynamodb scan reads the table the functions write (the demo seed is in it)', async () => {
    const result = await aws('dynamodb', 'scan', '--endpoint-url', twin.local.dynamodb_endpoint, '--table-name', twin.engines.tableName);
    expect(result.Count).toBeGreaterThan(0);
    const agentId = twin.local.agent!.agent_id;
    expect(JSON.stringify(result.Items)).toContain(agentId);
    const table = await aws('dynamodb', 'describe-table', '--endpoint-url', twin.local.dynamodb_endpoint, '--table-name', twin.engines.tableName);
    expect(table.Table.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName).sort()).toEqual(
      Object.keys(wiring.table.indexes).sort(),
    );
  });

  it('aws sqs get-queue-attributes shows a declared queue with its DLQ and redrive policy', async () => {
    const sqs = ['--endpoint-url', twin.local.sqs_endpoint];
    const { QueueUrl } = await aws('sqs', 'get-queue-url', ...sqs, '--queue-name', 'scorecast-delivery');
    expect(QueueUrl).toBe(twin.engines.queueUrl('delivery'));
    const { Attributes } = await aws('sqs', 'get-queue-attributes', ...sqs, '--queue-url', QueueUrl, '--attribute-names', 'All');
    const declared = wiring.queues.delivery;
    expect(Attributes.VisibilityTimeout).toBe(String(declared.visibilityTimeoutSeconds));
    expect(JSON.parse(Attributes.RedrivePolicy)).toMatchObject({
      maxReceiveCount: declared.maxReceiveCount,
      deadLetterTargetArn: expect.stringMatching(new RegExp(`:scorecast-${deadLetterQueueName('delivery')}$`)),
    });
    const { QueueUrls } = await aws('sqs', 'list-queues', ...sqs);
    expect(QueueUrls).toEqual(
      expect.arrayContaining(Object.keys(wiring.queues).flatMap((q) => [twin.engines.queueUrl(q), twin.engines.deadLetterQueueUrl(q)])),
    );
  });
});
