// The twin's five loopback ports, each moved by its own variable, and what to say when one is taken.
// No I/O: `npm start` (start.ts) gives the environment and the error.

/** Each port's variable, its default and what listens on it. */
export const PORTS = {
  PORT: { fallback: 3000, what: 'the HTTP API' },
  WS_PORT: { fallback: 3001, what: 'the WebSocket API' },
  ISSUER_PORT: { fallback: 3002, what: 'the token issuer' },
  LAMBDA_PORT: { fallback: 3003, what: 'the Lambda API' },
  CONSOLE_PORT: { fallback: 3004, what: 'the console' },
} as const;

export type PortVariable = keyof typeof PORTS;
export type Ports = Record<PortVariable, number>;

/** The ports from the environment (an unset or empty variable takes its default; 0 picks a free port), or what is wrong. */
export function readPorts(env: Record<string, string | undefined>): { ports: Ports } | { error: string } {
  const ports = {} as Ports;
  for (const [name, { fallback }] of Object.entries(PORTS) as [PortVariable, { fallback: number }][]) {
    const raw = env[name]?.trim();
    if (!raw) {
      ports[name] = fallback;
      continue;
    }
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port > 65535)
      return { error: `${name}=${env[name]} is not a port: use a number from 0 to 65535 (0 picks a free one).` };
    ports[name] = port;
  }
  return { ports };
}

/**
 * One line naming the port and the variable that moves it, when `error` is a listen's EADDRINUSE
 * (or EACCES) on one of `ports`; undefined for any other error.
 */
export function portErrorMessage(error: unknown, ports: Ports): string | undefined {
  const { code, port } = (error ?? {}) as { code?: unknown; port?: unknown };
  if (code !== 'EADDRINUSE' && code !== 'EACCES') return undefined;
  const name = (Object.keys(PORTS) as PortVariable[]).find((n) => ports[n] === port);
  if (!name) return undefined;
  const where = `Port ${String(port)} (${PORTS[name].what}, ${name})`;
  if (code === 'EACCES')
    return `${where} cannot be opened (permission denied): pick a port above 1023, e.g. ${name}=${PORTS[name].fallback} npm start`;
  const other = ports[name] + 100 <= 65535 ? ports[name] + 100 : 0;
  return `${where} is already in use (another \`npm start\`?): stop what holds it, or pick another port, e.g. ${name}=${other} npm start`;
}
