// Deployment choices that live in cdk.json's context (overridable with `cdk deploy -c key=value`).
// The stack reads them through CDK; the twin reads the same file, so both answer alike.
import { readFileSync } from 'node:fs';

const CDK_JSON = new URL('../cdk.json', import.meta.url);

export function cdkJsonContext(): Record<string, unknown> {
  return (JSON.parse(readFileSync(CDK_JSON, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
}

/** Origins allowed by CORS: a comma-separated list, or "*". */
export function corsOrigins(value: unknown = cdkJsonContext()['scorecast:corsOrigins']): string[] {
  const text = typeof value === 'string' && value.trim() ? value : '*';
  return text.split(',').map((origin) => origin.trim()).filter(Boolean);
}
