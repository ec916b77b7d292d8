// Every setting a function reads: its name, what it means, its default and its type. Runtime and
// deployment share this one declaration: infra/wiring.ts lists it as `settings` (each function there
// names the settings it reads, and functionEnvironment() sets each from its default or an
// override), the twin checks values against it and generates .env.example from it, and a function
// reads its settings through readSettings (shared/config/settings.ts), typed by the declared type.
//
// One exported constant per setting, its type built `/* @__PURE__ */`, so a function's bundle keeps
// (and evaluates at cold start) only the settings it imports. Defaults are literal strings for the
// same reason: anything else (a property read, a template, even `7 * 86_400` in an argument) would
// keep its entry in every bundle that imports this file (test/infra/bundling.test.ts checks).
import type { TrustedIssuer } from '#shared/auth/jwt.ts';
import { boolean, integer, integerList, json, oneOf, optional, text } from '#shared/config/setting-types.ts';
import { MAX_VISIBILITY_SECONDS } from '#shared/webhooks/retry.ts';
import type { SettingDecl } from './declaration.ts';

export const LOG_LEVEL = {
  description: 'Powertools log level (DEBUG, INFO, WARN, ERROR)',
  default: 'INFO',
  type: /* @__PURE__ */ oneOf(['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'], { caseInsensitive: true }),
};

/** The authorizer's trusted issuers (the stack checks the same shape at synth, infra/identity.ts). */
export const JWT_ISSUERS = {
  description:
    'JSON array of trusted token issuers: [{"issuer","audience","jwks_uri"?,"token_use"?}]. The stack adds its Cognito user pool; the twin its local issuer.',
  default: '[]',
  type: /* @__PURE__ */ json<TrustedIssuer[]>('a JSON array of {"issuer","audience","jwks_uri"?,"token_use"?}', (value) => {
    if (!Array.isArray(value)) return 'it is not a JSON array';
    const bad = value.findIndex((entry: { issuer?: unknown; audience?: unknown } | null) => {
      const audienceOk =
        typeof entry?.audience === 'string' || (Array.isArray(entry?.audience) && entry.audience.every((a) => typeof a === 'string'));
      return typeof entry?.issuer !== 'string' || entry.issuer === '' || !audienceOk;
    });
    return bad === -1 ? undefined : `entry ${bad} lacks a string "issuer" or "audience"`;
  }),
};

// The claim defaults are Cognito's (shared/auth/claims.ts defaultClaimNames; a test pins them equal).
export const TENANT_CLAIM = { description: 'JWT claim holding the tenant id', default: 'custom:tenant_id', type: text };
export const ROLES_CLAIM = { description: 'JWT claim holding the roles (array or comma-separated)', default: 'cognito:groups', type: text };
export const LOCATIONS_CLAIM = {
  description: 'JWT claim holding the locations (array or comma-separated); absent means all locations',
  default: 'custom:locations',
  type: text,
};

export const MAX_BODY_BYTES = {
  description: 'Largest request body a route accepts before answering 413',
  default: '262144',
  type: /* @__PURE__ */ integer(1, 10_485_760),
};

export const STUCK_SUBMISSION_SECONDS = {
  description: 'A submission queued or scoring for longer than this is re-enqueued by the sweeper',
  default: '300',
  type: /* @__PURE__ */ integer(1),
};

export const AUDIT_RETENTION_DAYS = {
  description: 'Days an audit record is kept before the table expires it',
  default: '365',
  type: /* @__PURE__ */ integer(1),
};

export const LOG_RETENTION_DAYS = {
  description: "Days a submission's log line is kept before the table expires it",
  default: '30',
  type: /* @__PURE__ */ integer(1),
};

export const BROADCAST_SHARD_SIZE = {
  description: 'Most WebSocket connections one broadcast invocation posts to; larger audiences are split into shards on the broadcast queue (1–2000)',
  default: '30',
  type: /* @__PURE__ */ integer(1, 2000),
};

export const BROADCAST_FIRST_SHARD_SIZE = {
  description:
    'Connections the broadcast invocation that resolves an audience posts itself while the other shards travel through the queue (at least the shard size)',
  default: '70',
  type: /* @__PURE__ */ integer(1),
};

export const BROADCAST_POST_CONCURRENCY = {
  description: 'Posts to @connections in flight at once per broadcast worker (and the width of its keep-alive socket pool)',
  default: '30',
  type: /* @__PURE__ */ integer(1),
};

export const BROADCAST_MAX_ATTEMPTS = {
  description: 'Rounds through the broadcast queue for posts still throttled before the message fails (and, after its retries, is dead-lettered)',
  default: '5',
  type: /* @__PURE__ */ integer(1),
};

export const WEBHOOK_ALLOW_LOOPBACK = {
  description: 'true: webhook URLs may point at loopback addresses, over http too (the twin turns it on for local receivers); never in the cloud',
  default: 'false',
  type: boolean,
};

export const WEBHOOK_RETRY_DELAYS_MS = {
  description: 'Waits between the delivery attempts of one receive, in ms (seed 002: at once, then 500 ms, 1 s, 2 s)',
  default: '500,1000,2000',
  type: /* @__PURE__ */ integerList(0),
};

export const WEBHOOK_ATTEMPT_TIMEOUT_MS = {
  description: 'Time one delivery attempt may take before it counts as a timeout (seed 002: 3 s)',
  default: '3000',
  type: /* @__PURE__ */ integer(1),
};

export const WEBHOOK_RETRY_SCHEDULE_SECONDS = {
  description: 'Whole seconds before a still-failing delivery is received again, by receive count (the last step repeats until maxReceiveCount)',
  default: '30,300,1800,7200',
  type: /* @__PURE__ */ integerList(0, MAX_VISIBILITY_SECONDS),
};

export const WEBHOOK_DISABLE_AFTER_FAILURES = {
  description: 'Events in a row that fail to deliver before an endpoint is disabled (webhook.disabled)',
  default: '10',
  type: /* @__PURE__ */ integer(1),
};

export const WEBHOOK_SECRET_OVERLAP_SECONDS = {
  description: 'Seconds a rotated-out webhook secret is still signed with (both signatures sent), unless the rotation says otherwise',
  default: '86400',
  type: /* @__PURE__ */ integer(0, 604_800), // 7 days; a literal, as esbuild keeps a pure call whose argument computes
};

// The judging worker's timeout is computed from the largest of these (shared/judges/timing.ts); a
// combination whose worst case would outlast it fails the worker's cold start, naming why.
export const JUDGE_ATTEMPT_TIMEOUT_MS = {
  description: 'Time one judge request may take before it counts as a timeout (at most 10 s)',
  default: '10000',
  type: /* @__PURE__ */ integer(1, 10_000),
};

export const JUDGE_RETRY_DELAYS_MS = {
  description: 'Waits between the attempts of one judge request within one receive, in ms (the webhook rule: at once, then 500 ms, 1 s, 2 s)',
  default: '500,1000,2000',
  type: /* @__PURE__ */ integerList(0, 2000),
};

export const JUDGE_RETRY_SCHEDULE_SECONDS = {
  description:
    'Judging retry schedule: whole seconds before a submission whose judge stayed unreachable is received again, by receive count (the last step repeats until maxReceiveCount; then judge_unavailable)',
  default: '30,120,240',
  type: /* @__PURE__ */ integerList(0, MAX_VISIBILITY_SECONDS),
};

export const JUDGE_CONCURRENCY = {
  description: "Judge requests in flight at once for one submission's judge-scored tasks",
  default: '16',
  type: /* @__PURE__ */ integer(1, 64),
};

export const STUCK_DELIVERY_SECONDS = {
  description: 'A webhook delivery never attempted for longer than this has its message sent again by the sweeper',
  default: '300',
  type: /* @__PURE__ */ integer(1),
};

export const RATE_LIMIT_WRITE_PER_MINUTE = {
  description: 'Mutations one principal may make per minute (fixed one-minute windows) before 429 rate_limited',
  default: '120',
  type: /* @__PURE__ */ integer(1),
};

export const RATE_LIMIT_STATUS_PER_MINUTE = {
  description:
    'Status reports one agent (PUT …/status) or one gateway principal (POST /v1/monitoring/status, up to 100 reports a call) may send per minute before 429',
  default: '120',
  type: /* @__PURE__ */ integer(1),
};

export const HEARTBEAT_TIMEOUT_SECONDS = {
  description: 'An agent silent for longer than this is marked offline by the sweeper (which runs every minute)',
  default: '60',
  type: /* @__PURE__ */ integer(1),
};

export const OPERATOR_TENANT = {
  description:
    'The tenant that operates the platform: its admins list the dead letters that name no tenant (GET /v1/admin/dead-letters?scope=platform). Empty: nobody may (the twin sets its demo tenant)',
  default: '',
  type: /* @__PURE__ */ optional(text),
};

export const MONITORING_UPDATES_PER_SECOND = {
  description: 'Most monitoring channel updates per tenant per second (changes in between are coalesced)',
  default: '2',
  type: /* @__PURE__ */ integer(1),
};

export const EXPORT_PART_BYTES = {
  description:
    'Most bytes of one submission export answer (counted as Lambda returns it); beyond it the answer links to the next part. Under the 6 MB a Lambda response may carry',
  default: '5000000',
  type: /* @__PURE__ */ integer(1, 6_000_000),
};

/** Every setting by name, in the order .env.example lists them (for infra/ and the twin; a function imports only its own). */
export const settings = {
  LOG_LEVEL,
  JWT_ISSUERS,
  TENANT_CLAIM,
  ROLES_CLAIM,
  LOCATIONS_CLAIM,
  MAX_BODY_BYTES,
  STUCK_SUBMISSION_SECONDS,
  AUDIT_RETENTION_DAYS,
  LOG_RETENTION_DAYS,
  BROADCAST_SHARD_SIZE,
  BROADCAST_FIRST_SHARD_SIZE,
  BROADCAST_POST_CONCURRENCY,
  BROADCAST_MAX_ATTEMPTS,
  WEBHOOK_ALLOW_LOOPBACK,
  WEBHOOK_RETRY_DELAYS_MS,
  WEBHOOK_ATTEMPT_TIMEOUT_MS,
  WEBHOOK_RETRY_SCHEDULE_SECONDS,
  WEBHOOK_DISABLE_AFTER_FAILURES,
  WEBHOOK_SECRET_OVERLAP_SECONDS,
  JUDGE_ATTEMPT_TIMEOUT_MS,
  JUDGE_RETRY_DELAYS_MS,
  JUDGE_RETRY_SCHEDULE_SECONDS,
  JUDGE_CONCURRENCY,
  STUCK_DELIVERY_SECONDS,
  RATE_LIMIT_WRITE_PER_MINUTE,
  RATE_LIMIT_STATUS_PER_MINUTE,
  HEARTBEAT_TIMEOUT_SECONDS,
  OPERATOR_TENANT,
  MONITORING_UPDATES_PER_SECOND,
  EXPORT_PART_BYTES,
} as const satisfies Record<string, SettingDecl>;

/** A declared setting's name. */
export type SettingName = keyof typeof settings;
