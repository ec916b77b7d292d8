// The Lambda API's rules and shapes the twin's Lambda API (lambda-api.ts) answers with, without I/O:
// which function a request names, which invocation it asks for, a function's configuration as
// ListFunctions lists it, and the tail of an invocation's log.
import type { FunctionDecl } from '../wiring-types.ts';
import { ACCOUNT_ID, REGION } from './aws-env.ts';

/** The runtime every function deploys on (FUNCTION_RUNTIME in infra/constructs/functions.ts; bundles target its Node). */
export const RUNTIME = 'nodejs22.x';
/** What `LogType: Tail` returns: the last 4 KB of the invocation's log. */
export const LOG_TAIL_BYTES = 4096;
/** Lambda's limit on a synchronous invocation's request payload. */
export const MAX_REQUEST_BYTES = 6 * 1024 * 1024;
/** ListFunctions' page size when MaxItems is absent, and its bounds. */
export const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 10_000;

export const functionArn = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:${name}`;

/** An error answer: Lambda's status, `x-amzn-ErrorType` and body. */
export interface LambdaError {
  status: number;
  type: string;
  message: string;
}

const validation = (message: string): LambdaError => ({
  status: 400,
  type: 'ValidationException',
  message: `1 validation error detected: ${message}`,
});
const notFound = (ref: string): LambdaError => ({ status: 404, type: 'ResourceNotFoundException', message: `Function not found: ${ref}` });

/**
 * The declared function a path's FunctionName (a name, `name:qualifier`, a partial ARN
 * `account:function:name[:qualifier]` or a full ARN) and `Qualifier` name. Only `$LATEST` exists
 * on the twin (the stack publishes no versions or aliases): another qualifier is not found.
 */
export function resolveFunction(
  ref: string,
  qualifierParameter: string | null,
  declared: Record<string, FunctionDecl>,
): { name: string } | LambdaError {
  const parts = ref.split(':');
  let name: string | undefined;
  let qualifier: string | undefined;
  if (parts[0] === 'arn' && parts.length >= 7 && parts[2] === 'lambda' && parts[5] === 'function') [name, qualifier] = [parts[6], parts[7]];
  else if (parts.length >= 3 && parts[1] === 'function') [name, qualifier] = [parts[2], parts[3]];
  else if (parts.length <= 2) [name, qualifier] = [parts[0], parts[1]];
  if (!name || parts.length > 8) return notFound(ref);
  if (qualifier !== undefined && qualifierParameter !== null && qualifier !== qualifierParameter)
    return {
      status: 400,
      type: 'InvalidParameterValueException',
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    };
  const version = qualifier ?? qualifierParameter ?? undefined;
  if (!Object.hasOwn(declared, name)) return notFound(functionArn(name) + (version ? `:${version}` : ''));
  if (version !== undefined && version !== '$LATEST') return notFound(`${functionArn(name)}:${version}`);
  return { name };
}

export type InvocationType = 'RequestResponse' | 'Event' | 'DryRun';

/** The `X-Amz-Invocation-Type` and `X-Amz-Log-Type` headers, with Lambda's defaults and its refusal of other values. */
export function invocationOptions(
  invocationType: string | undefined,
  logType: string | undefined,
): { type: InvocationType; tail: boolean } | LambdaError {
  const type = invocationType ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun')
    return validation(
      `Value '${type}' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]`,
    );
  const log = logType ?? 'None';
  if (log !== 'None' && log !== 'Tail')
    return validation(`Value '${log}' at 'logType' failed to satisfy constraint: Member must satisfy enum value set: [None, Tail]`);
  return { type, tail: log === 'Tail' };
}

/** `X-Amz-Log-Result`: the last 4 KB of the log, in base64. */
export function logResult(log: string): string {
  return Buffer.from(log, 'utf8').subarray(-LOG_TAIL_BYTES).toString('base64');
}

/**
 * A declared function as ListFunctions lists it (the version-specific subset of
 * FunctionConfiguration; State and LastUpdateStatus come only from GetFunction). The stack's
 * settings: arm64, the nodejs22.x runtime, handler `index.handler` of the NodejsFunction bundle, X-Ray
 * active where the declaration asks for it. `lastModified` is when the twin bundled the functions.
 * CodeSize and CodeSha256 are left out: the twin deploys no package.
 */
export function functionConfiguration(name: string, decl: FunctionDecl, lastModified: Date) {
  return {
    FunctionName: name,
    FunctionArn: functionArn(name),
    Runtime: RUNTIME,
    Role: `arn:aws:iam::${ACCOUNT_ID}:role/${name}-role`,
    Handler: 'index.handler',
    Description: decl.description,
    Timeout: decl.timeoutSeconds,
    MemorySize: decl.memoryMb,
    LastModified: lastModified.toISOString().replace('Z', '+0000'),
    Version: '$LATEST',
    TracingConfig: { Mode: decl.tracing ? 'Active' : 'PassThrough' },
    PackageType: 'Zip',
    Architectures: ['arm64'],
    EphemeralStorage: { Size: 512 },
    SnapStart: { ApplyOn: 'None', OptimizationStatus: 'Off' },
    LoggingConfig: { LogFormat: 'Text', LogGroup: `/aws/lambda/${name}` },
  };
}

/**
 * One page of ListFunctions: `Marker` is where the previous page stopped (opaque to clients: the
 * position, base64), `MaxItems` the page size (1–10,000, default 50).
 */
export function listPage<T>(items: readonly T[], marker: string | null, maxItems: string | null): { items: T[]; nextMarker?: string } | LambdaError {
  let size = DEFAULT_PAGE_SIZE;
  if (maxItems !== null) {
    size = Number(maxItems);
    if (!/^\d+$/.test(maxItems) || size < 1 || size > MAX_PAGE_SIZE)
      return validation(`Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and ${MAX_PAGE_SIZE}`);
  }
  let start = 0;
  if (marker !== null) {
    const decoded = Buffer.from(marker, 'base64').toString('utf8');
    start = /^\d+$/.test(decoded) ? Number(decoded) : -1;
    if (start < 0 || start > items.length) return { status: 400, type: 'InvalidParameterValueException', message: 'Invalid marker' };
  }
  const end = start + size;
  return { items: items.slice(start, end), nextMarker: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
