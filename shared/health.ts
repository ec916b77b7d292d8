// Runs dependency checks side by side, each with its own deadline, and reports them.
export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { name: string; ok: boolean; latency_ms: number; error?: string }[];
}

export type Probe = (signal: AbortSignal) => Promise<void>;

export async function checkHealth(probes: Record<string, Probe>, timeoutMs = 2000): Promise<HealthReport> {
  const checks = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = performance.now();
      try {
        await probe(AbortSignal.timeout(timeoutMs));
        return { name, ok: true, latency_ms: Math.round(performance.now() - started) };
      } catch (error) {
        const message = error instanceof Error ? error.name : 'unknown error';
        return { name, ok: false, latency_ms: Math.round(performance.now() - started), error: message };
      }
    }),
  );
  return { status: checks.every((check) => check.ok) ? 'ok' : 'unavailable', checks };
}
