// The variables the wiring gives a function besides its settings — resource references (TABLE_NAME,
// <QUEUE>_QUEUE_URL, QUEUE_URLS, WEBSOCKET_CALLBACK_URL, ROUTE_POLICIES…) — read once at cold start:
// a missing one fails the container's start with a clear message instead of the first request.
// Declared settings are read through their declared types instead: readSettings, ./settings.ts.
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Missing environment variable ${name}`);
  return value;
}

/**
 * A required variable read on first use, for modules that functions import on their way to
 * something else (publish()'s queues): only a function that actually uses it needs it. Importing
 * such a module statically, rather than through `import()`, keeps the bundle tree-shaken: esbuild
 * wraps a dynamically imported module and keeps every export of the SDK packages it reaches
 * (+54 KB for the DynamoDB client, measured).
 */
export function lazyRequiredEnv(name: string): () => string {
  let value: string | undefined;
  return () => (value ??= requiredEnv(name));
}

/** A required variable holding JSON (QUEUE_URLS, ROUTE_POLICIES). */
export function requiredJsonEnv<T>(name: string): T {
  const raw = requiredEnv(name);
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`Environment variable ${name} is not valid JSON`);
  }
}
