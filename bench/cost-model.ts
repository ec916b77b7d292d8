// The cost model (bench/README.md §8): what one million submissions of the bench's mix cost at AWS
// list prices in us-east-1, from the requests the cost run counted on the twin. Pure: prices and
// arithmetic only, unit-tested by test/bench/cost-model.test.ts.

/**
 * AWS list prices, us-east-1, on-demand, without free tiers or volume discounts (as published on
 * aws.amazon.com/<service>/pricing; update them here when AWS changes them).
 */
export const PRICES = {
  /** API Gateway HTTP API: per request (first 300 million a month; each 512 KB counts as one). */
  httpApiRequest: 1.0 / 1e6,
  /** API Gateway WebSocket API: per message (sent or received, 32 KB units), and per connection-minute. */
  websocketMessage: 1.0 / 1e6,
  websocketConnectionMinute: 0.25 / 1e6,
  /** Lambda on Arm (the stack's architecture): per request, and per GB-second of billed duration (1 ms steps). */
  lambdaRequest: 0.2 / 1e6,
  lambdaArmGbSecond: 0.0000133334,
  /** DynamoDB on-demand, Standard table class: per write request unit (1 KB) and read request unit (4 KB strongly consistent). */
  dynamodbWriteUnit: 0.625 / 1e6,
  dynamodbReadUnit: 0.125 / 1e6,
  /** SQS standard queues: per request (each 64 KB chunk counts as one). */
  sqsRequest: 0.4 / 1e6,
  /** CloudWatch Logs, Standard class: per GB ingested (what the functions write). */
  logsIngestedGb: 0.5,
} as const;

export type Prices = { [K in keyof typeof PRICES]: number };

/** The goal of issue 14: one million submissions of the mix for at most this much. */
export const GOAL_USD_PER_MILLION = 10;

/** What the counted run used, in total (not per submission). */
export interface CountedUsage {
  /** Submissions the run made (each with the mix's other calls). */
  submissions: number;
  /** Requests the HTTP API answered (the mix's calls, authorizer included in Lambda below). */
  httpRequests: number;
  /** WebSocket messages: @connections posts to dashboards plus the messages clients sent. */
  websocketMessages: number;
  websocketConnectionMinutes: number;
  /** Per function: invocations and billed GB-seconds (each invocation's duration rounded up to 1 ms × its memory). */
  lambda: Record<string, { invocations: number; gbSeconds: number }>;
  dynamodb: { readUnits: number; writeUnits: number };
  /** SQS requests the platform made: sends, the pollers' receives and deletes, visibility changes. */
  sqsRequests: number;
  /** Bytes the functions wrote to their logs. */
  logBytes: number;
}

export interface CostLine {
  /** e.g. `Lambda GB-seconds`. */
  item: string;
  /** Quantity per million submissions, in `unit`. */
  quantity: number;
  unit: string;
  usd: number;
  /** Of the total, 0–1. */
  share: number;
}

export interface CostModel {
  submissions: number;
  lines: CostLine[];
  /** USD per million submissions. */
  totalUsd: number;
  goalUsd: number;
  meetsGoal: boolean;
  /** The lines, most expensive first, that make up at least half of the total. */
  dominant: string[];
  /** The costliest functions by GB-seconds, with their share of Lambda's duration cost. */
  lambdaByFunction: { fn: string; invocations: number; gbSeconds: number; usd: number }[];
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function rawLines(usage: CountedUsage, prices: Prices): Omit<CostLine, 'share'>[] {
  const perMillion = 1e6 / usage.submissions;
  const functions = Object.values(usage.lambda);
  const invocations = functions.reduce((sum, f) => sum + f.invocations, 0);
  const gbSeconds = functions.reduce((sum, f) => sum + f.gbSeconds, 0);
  const line = (item: string, total: number, unit: string, price: number) => ({
    item,
    quantity: total * perMillion,
    unit,
    usd: total * perMillion * price,
  });
  return [
    line('API Gateway HTTP requests', usage.httpRequests, 'requests', prices.httpApiRequest),
    line('API Gateway WebSocket messages', usage.websocketMessages, 'messages', prices.websocketMessage),
    line('API Gateway WebSocket connection time', usage.websocketConnectionMinutes, 'connection-minutes', prices.websocketConnectionMinute),
    line('Lambda requests', invocations, 'invocations', prices.lambdaRequest),
    line('Lambda duration', gbSeconds, 'GB-seconds', prices.lambdaArmGbSecond),
    line('DynamoDB writes', usage.dynamodb.writeUnits, 'write request units', prices.dynamodbWriteUnit),
    line('DynamoDB reads', usage.dynamodb.readUnits, 'read request units', prices.dynamodbReadUnit),
    line('SQS requests', usage.sqsRequests, 'requests', prices.sqsRequest),
    line('CloudWatch Logs ingestion', usage.logBytes / 1024 ** 3, 'GB', prices.logsIngestedGb),
  ];
}

/** USD per million submissions of the counted mix, line by line, with each line's share. */
export function costPerMillion(usage: CountedUsage, prices: Prices = PRICES): CostModel {
  if (!(usage.submissions > 0)) throw new Error('the cost model needs at least one counted submission');
  const lines = rawLines(usage, prices);
  const totalUsd = lines.reduce((sum, l) => sum + l.usd, 0);
  const withShares = lines.map((l) => ({
    ...l,
    quantity: round(l.quantity, 3),
    usd: round(l.usd, 4),
    share: totalUsd > 0 ? round(l.usd / totalUsd, 4) : 0,
  }));
  const byCost = [...withShares].sort((a, b) => b.usd - a.usd);
  const dominant: string[] = [];
  let covered = 0;
  for (const l of byCost) {
    if (covered >= 0.5 || l.usd === 0) break;
    dominant.push(l.item);
    covered += l.share;
  }
  const perMillion = 1e6 / usage.submissions;
  const lambdaByFunction = Object.entries(usage.lambda)
    .map(([fn, f]) => ({
      fn,
      invocations: round(f.invocations * perMillion, 1),
      gbSeconds: round(f.gbSeconds * perMillion, 3),
      usd: round(f.gbSeconds * perMillion * prices.lambdaArmGbSecond + f.invocations * perMillion * prices.lambdaRequest, 4),
    }))
    .sort((a, b) => b.usd - a.usd);
  return {
    submissions: usage.submissions,
    lines: withShares,
    totalUsd: round(totalUsd, 2),
    goalUsd: GOAL_USD_PER_MILLION,
    meetsGoal: totalUsd <= GOAL_USD_PER_MILLION,
    dominant,
    lambdaByFunction,
  };
}

/** Billed GB-seconds of one invocation: its duration rounded up to the next millisecond (at least 1) × its memory. */
export function billedGbSeconds(durationMs: number, memoryMb: number): number {
  return (Math.max(1, Math.ceil(durationMs)) / 1000) * (memoryMb / 1024);
}
