// The pipeline bench's handle on a running twin (bench/pipeline.ts): an HTTP client carrying the
// bench tenant's credentials, an SQS client for queue depths, and the steps every phase shares —
// creating benchmarks and agents, listing a benchmark's submissions, submitting with bounded
// concurrency, and reading how many messages the declared queues and their DLQs hold.
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Twin } from '#infra/local/twin.ts';
import { REGION } from '#infra/local/aws-env.ts';
import { BENCH_USER_AGENT } from './pipeline-traffic.ts';
import { answersFor, RULE, TASKS, TENANT } from './pipeline-workload.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- API bodies are read field by field
export type Json = any;
export interface Answer {
  status: number;
  json: Json;
}
export type Api = (method: string, urlPath: string, credential: string, body?: unknown, headers?: Record<string, string>) => Promise<Answer>;

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function client(baseUrl: string): Api {
  return async (method, urlPath, credential, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${urlPath}`, {
      method,
      headers: {
        authorization: `Bearer ${credential}`,
        'x-correlation-id': 'bench-pipeline',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: response.status, json };
  };
}

export function expectStatus(answer: Answer, status: number, what: string): Json {
  if (answer.status !== status)
    throw new Error(`${what} answered ${answer.status} (expected ${status}): ${JSON.stringify(answer.json).slice(0, 500)}`);
  return answer.json;
}

export interface Session {
  twin: Twin;
  api: Api;
  /** A JWT of the bench tenant. */
  mint(role: string, sub: string): string;
  maintainer: string;
  viewer: string;
  sqs: SQSClient;
  queueNames: string[];
}

export interface BenchAgent {
  agentId: string;
  key: string;
}

export interface SubmitRecord {
  index: number;
  agentId: string;
  status: number;
  submissionId?: string;
  queuedAtMs?: number;
  sentMs: number;
  latencyMs: number;
  expectedScore: number;
}

export function openSession(twin: Twin): Session {
  const mint = (role: string, sub: string) => twin.issuer.mint({ tenant: TENANT, roles: [role], sub });
  return {
    twin,
    api: client(twin.httpUrl),
    mint,
    maintainer: mint('maintainer', `${TENANT}-maintainer`),
    viewer: mint('viewer', `${TENANT}-viewer`),
    sqs: new SQSClient({
      region: REGION,
      endpoint: twin.engines.sqsEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      useQueueUrlAsEndpoint: false,
      // The engine counters (pipeline-traffic.ts) tell the bench's own queue-depth polls apart by this.
      customUserAgent: BENCH_USER_AGENT,
    }),
    queueNames: twin.engines.queueNames(),
  };
}

export async function newBenchmark(session: Session, name: string): Promise<string> {
  const body = { name, tasks: TASKS, leaderboard_rule: RULE, daily_submission_limit: 10_000 };
  return expectStatus(await session.api('POST', '/v1/benchmarks', session.maintainer, body), 201, 'POST /v1/benchmarks').benchmark_id as string;
}

export async function newAgent(session: Session, name: string): Promise<BenchAgent> {
  const agent = expectStatus(await session.api('POST', '/v1/agents', session.maintainer, { name }), 201, 'POST /v1/agents');
  return { agentId: agent.agent_id as string, key: agent.api_key as string };
}

// Messages anywhere in a queue (visible, in flight or delayed): 0 across the declared queues once
// every consumer — the scoring worker and whatever else a scored submission sets off — is done.
async function depthOf(session: Session, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await session.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0) +
    Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0)
  );
}

export async function queueDepth(session: Session): Promise<number> {
  const depths = await Promise.all(session.queueNames.map((name) => depthOf(session, session.twin.engines.queueUrl(name))));
  return depths.reduce((a, b) => a + b, 0);
}

/** Messages in each declared queue's DLQ, by queue name. */
export async function deadLettered(session: Session): Promise<Record<string, number>> {
  return Object.fromEntries(
    await Promise.all(session.queueNames.map(async (name) => [name, await depthOf(session, session.twin.engines.deadLetterQueueUrl(name))] as const)),
  );
}

/** Every submission of a benchmark, page by page, as the viewer lists them. */
export async function listAll(session: Session, benchmarkId: string): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = expectStatus(
      await session.api(
        'GET',
        `/v1/benchmarks/${benchmarkId}/submissions?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        session.viewer,
      ),
      200,
      'GET submissions',
    );
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export const terminal = (status: string) => status === 'scored' || status === 'failed' || status === 'cancelled';

export interface SubmitPlan {
  benchmarkId: string;
  count: number;
  /** answersFor(indexBase + i) gives submission i its answers. */
  indexBase: number;
  agents: readonly BenchAgent[];
  concurrency: number;
  onAnswered?: (done: number) => void;
}

/** One submission: its answers, the POST, and what came back (status 0 for a failed request). */
async function submitOne(session: Session, plan: SubmitPlan, index: number): Promise<SubmitRecord> {
  const agent = plan.agents[index % plan.agents.length]!;
  const { answers, expectedScore } = answersFor(plan.indexBase + index);
  const sentMs = Date.now();
  const t0 = performance.now();
  let answer: Answer;
  try {
    answer = await session.api('POST', `/v1/benchmarks/${plan.benchmarkId}/submissions`, agent.key, { answers });
  } catch {
    answer = { status: 0, json: undefined };
  }
  const latencyMs = performance.now() - t0;
  const queuedAt = answer.status === 202 ? (answer.json?.transitions?.[0]?.at as string | undefined) : undefined;
  return {
    index,
    agentId: agent.agentId,
    status: answer.status,
    submissionId: answer.status === 202 ? (answer.json?.submission_id as string) : undefined,
    queuedAtMs: queuedAt ? Date.parse(queuedAt) : undefined,
    sentMs,
    latencyMs,
    expectedScore,
  };
}

/** `count` submissions, round-robin over the agents, `concurrency` in flight at once; in index order. */
export async function submitAll(session: Session, plan: SubmitPlan): Promise<SubmitRecord[]> {
  const records: SubmitRecord[] = [];
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(plan.concurrency, plan.count) }, async () => {
      for (;;) {
        const index = next++;
        if (index >= plan.count) return;
        records.push(await submitOne(session, plan, index));
        plan.onAnswered?.(++done);
      }
    }),
  );
  return records.sort((a, b) => a.index - b.index);
}
