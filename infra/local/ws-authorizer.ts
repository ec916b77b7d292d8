// The WebSocket API's $connect REQUEST authorizer: invoking it (no cache: API Gateway caches nothing
// for WebSocket authorizers by default) and reading its IAM policy answer. evaluatePolicy is pure.
import { describeError } from './http-common.ts';
import type { Invoker } from './invoker.ts';
import type { WebSocketAuthorizerEvent } from './ws-event.ts';

/** The authorizer's verdict on a handshake: its context for the routes, or the status to refuse with. */
export type ConnectAuthorization = { ok: true; authorizer: Record<string, unknown> } | { ok: false; status: 403 | 500; error: string };

/** Invokes the authorizer with the $connect event and reads its policy. */
export async function authorizeConnect(invoker: Invoker, fn: string, event: WebSocketAuthorizerEvent): Promise<ConnectAuthorization> {
  const started = Date.now();
  let policy: unknown;
  try {
    policy = await invoker.invoke(fn, event);
  } catch (error) {
    return { ok: false, status: 500, error: `authorizer failed: ${describeError(error)}` };
  }
  const decision = evaluatePolicy(policy, event.methodArn);
  if (decision === 'invalid') return { ok: false, status: 500, error: 'authorizer returned an invalid policy' };
  if (decision === 'deny') return { ok: false, status: 403, error: 'authorizer denied the connection' };
  const result = policy as { principalId?: unknown; context?: unknown };
  return {
    ok: true,
    authorizer: {
      ...(result.context !== null && typeof result.context === 'object' ? (result.context as Record<string, unknown>) : {}),
      principalId: result.principalId,
      integrationLatency: Date.now() - started,
    },
  };
}

/** 'allow' only when a statement allows execute-api:Invoke on the methodArn and none denies it. */
export function evaluatePolicy(result: unknown, methodArn: string): 'allow' | 'deny' | 'invalid' {
  if (result === null || typeof result !== 'object') return 'invalid';
  const document = (result as { policyDocument?: unknown }).policyDocument;
  if (document === null || typeof document !== 'object') return 'invalid';
  const raw = (document as { Statement?: unknown }).Statement;
  if (raw === undefined || raw === null) return 'invalid';
  const statements = Array.isArray(raw) ? raw : [raw];
  let allowed = false;
  for (const statement of statements) {
    if (statement === null || typeof statement !== 'object') return 'invalid';
    const s = statement as { Effect?: unknown; Action?: unknown; Resource?: unknown };
    const actionMatches = list(s.Action).some((action) => globMatch(action.toLowerCase(), 'execute-api:invoke'));
    const resourceMatches = list(s.Resource).some((resource) => globMatch(resource, methodArn));
    if (!actionMatches || !resourceMatches) continue;
    if (s.Effect === 'Deny') return 'deny';
    if (s.Effect === 'Allow') allowed = true;
  }
  return allowed ? 'allow' : 'deny';
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : []);

function globMatch(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return regex.test(value);
}
