// What the stack is built with besides the wiring: each option from the stack's props, else from
// cdk.json's context (infra/context.ts names the keys), checked at synth time.
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import {
  CONTEXT,
  corsOrigins as parseCorsOrigins,
  provisionedPollers as parseProvisionedPollers,
  provisionedPollersProblem,
  type ProvisionedPollers,
} from './context.ts';
import type { Wiring } from './wiring-types.ts';

export interface StackOptionProps {
  /** Setting overrides (default: context `scorecast:settings`). */
  settings?: Record<string, string>;
  /** Allowed CORS origins (default: context `scorecast:corsOrigins`, else any origin). */
  corsOrigins?: readonly string[];
  /** Alarm email subscription (default: context `scorecast:alarmEmail`). */
  alarmEmail?: string;
  /**
   * Removal policy of stateful resources (default: context `scorecast:removalPolicy`, else retain):
   * `retain` keeps them on stack deletion and replacement but not when the create that made them
   * rolls back (RETAIN_ON_UPDATE_OR_DELETE), so a failed first deploy leaves nothing behind.
   */
  removalPolicy?: 'retain' | 'destroy';
  /** Whether to set the account's API Gateway CloudWatch role (default: context, else true). */
  apiGatewayCloudWatchRole?: boolean;
  /** Queue name → provisioned-mode pollers of its event source (default: context `scorecast:provisionedPollers`, else none). */
  provisionedPollers?: Readonly<Record<string, ProvisionedPollers>>;
  /** Prefix of the console's Cognito domain (default: context `scorecast:cognitoDomainPrefix`, else derived from the stack). */
  cognitoDomainPrefix?: string;
}

export interface StackOptions {
  removalPolicy: RemovalPolicy;
  /** Setting values after context overrides (only the overridden ones). */
  settings: Record<string, string>;
  corsOrigins: readonly string[];
  /** Empty: no subscription. */
  alarmEmail: string;
  apiGatewayCloudWatchRole: boolean;
  /** Queue name → the provisioned-mode pollers of its event source; queues not named run in standard mode. */
  provisionedPollers: Readonly<Record<string, ProvisionedPollers>>;
  /** Undefined: derived from the stack (infra/identity.ts, cognitoDomainPrefix()). */
  cognitoDomainPrefix?: string;
}

/** The options the stack is built with: the props' value of each, else the context's, else the default. */
export function stackOptions(scope: Construct, props: StackOptionProps, wiring: Wiring): StackOptions {
  const removalPolicy = removalPolicyFrom(props.removalPolicy ?? stringContext(scope, CONTEXT.removalPolicy) ?? 'retain');
  const settings = props.settings ?? settingsFromContext(scope);
  for (const name of Object.keys(settings)) if (!wiring.settings[name]) throw new Error(`Setting override ${name} is not a declared setting`);
  return {
    removalPolicy,
    settings,
    provisionedPollers: provisionedPollersFrom(scope, props, wiring),
    // The same parsing the twin applies to cdk.json (infra/context.ts), so both allow the same origins.
    corsOrigins: props.corsOrigins ?? corsOriginsOrAny(parseCorsOrigins(stringContext(scope, CONTEXT.corsOrigins) ?? '*')),
    alarmEmail: (props.alarmEmail ?? stringContext(scope, CONTEXT.alarmEmail) ?? '').trim(),
    apiGatewayCloudWatchRole: props.apiGatewayCloudWatchRole ?? contextFlag(scope, CONTEXT.apiGatewayCloudWatchRole, true),
    cognitoDomainPrefix: props.cognitoDomainPrefix ?? (stringContext(scope, CONTEXT.cognitoDomainPrefix)?.trim() || undefined),
  };
}

function removalPolicyFrom(value: string): RemovalPolicy {
  if (value === 'retain') return RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE;
  if (value === 'destroy') return RemovalPolicy.DESTROY;
  throw new Error(`${CONTEXT.removalPolicy} must be "retain" or "destroy", not ${JSON.stringify(value)}`);
}

function provisionedPollersFrom(scope: Construct, props: StackOptionProps, wiring: Wiring): Readonly<Record<string, ProvisionedPollers>> {
  const queues = Object.keys(wiring.queues);
  if (!props.provisionedPollers) return parseProvisionedPollers(scope.node.tryGetContext(CONTEXT.provisionedPollers), queues);
  for (const [queue, pollers] of Object.entries(props.provisionedPollers)) {
    const problem = provisionedPollersProblem(queue, pollers, queues);
    if (problem) throw new Error(`provisionedPollers: ${problem}`);
  }
  return props.provisionedPollers;
}

function settingsFromContext(scope: Construct): Record<string, string> {
  let raw: unknown = scope.node.tryGetContext(CONTEXT.settings);
  if (typeof raw === 'string') raw = raw.trim() === '' ? {} : JSON.parse(raw);
  if (raw === undefined || raw === null) raw = {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${CONTEXT.settings} must be a JSON object of setting name → value`);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    // Structured values (JWT_ISSUERS as an array in cdk.json) become the JSON string the
    // function parses; everything else becomes its string form.
    values[name] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return values;
}

function corsOriginsOrAny(origins: string[]): string[] {
  return origins.length > 0 ? origins : ['*'];
}

function stringContext(scope: Construct, key: string): string | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`Context ${key} must be a string`);
  return value;
}

function contextFlag(scope: Construct, key: string, fallback: boolean): boolean {
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined || value === null || value === '') return fallback;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new Error(`Context ${key} must be true or false`);
}
