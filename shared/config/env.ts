// Configuration read once at cold start: a missing variable fails the container's start with a
// clear message instead of the first request.
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

export function optionalEnv(name: string, fallback: string): string {
  const value = process.env[name];
  return value === undefined || value === '' ? fallback : value;
}

export function jsonEnv<T>(name: string, fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new Error(`Environment variable ${name} is not valid JSON`);
  }
}

export function integerEnv(name: string, fallback: number): number {
  return optionalIntegerEnv(name) ?? fallback;
}

/** An integer variable, or undefined when it is not set (for a setting only some functions declare). */
export function optionalIntegerEnv(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`Environment variable ${name} must be an integer`);
  return value;
}

/**
 * A declared setting the function reads: its default lives in the declaration (infra/wiring.ts),
 * and functionEnvironment() sets it (or its override) for every function that declares it, in the
 * stack and the twin alike; so a missing one is a wiring mistake that fails the cold start.
 */
export function requiredIntegerEnv(name: string): number {
  requiredEnv(name);
  return optionalIntegerEnv(name)!;
}
