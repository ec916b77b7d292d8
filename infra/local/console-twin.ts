// The console on the twin: built (or taken from the cache), served on its port before the gateways
// start (so the HTTP API's CORS can name its origin), then configured with the APIs' actual URLs.
import { buildConsole } from './console-build.ts';
import { type ConsoleConfigJson, type ConsoleServer, startConsoleServer } from './console-server.ts';

export interface TwinConsole {
  server: ConsoleServer;
  outcome: 'hit' | 'miss' | 'off';
}

export async function startTwinConsole(port: number): Promise<TwinConsole> {
  const build = await buildConsole();
  const server = await startConsoleServer({ dir: build.dir, port });
  return { server, outcome: build.outcome };
}

/** The twin's config.json: its URLs, the local issuer as the sign-in, and fragment tokens allowed (twin only). */
export function twinConsoleConfig(urls: { httpUrl: string; wsUrl: string; issuerUrl: string; audience: string }): ConsoleConfigJson {
  return {
    api_url: urls.httpUrl.replace(/\/+$/, ''),
    websocket_url: urls.wsUrl,
    cognito_domain: urls.issuerUrl,
    client_id: urls.audience,
    region: process.env.AWS_REGION ?? 'us-east-1',
    allow_fragment_token: true,
  };
}

/** CORS origins with the console's added (unless any origin is allowed already). Pure. */
export function withConsoleOrigin(origins: string[], consoleUrl: string | undefined): string[] {
  if (!consoleUrl || origins.includes('*') || origins.length === 0) return origins;
  const origin = new URL(consoleUrl).origin;
  return origins.includes(origin) ? origins : [...origins, origin];
}

/** The one-click sign-in links `npm start` prints: the issuer's sign-in for each demo role, back to the console. */
export function signInLinks(issuerUrl: string, consoleUrl: string, roles: readonly string[]): Record<string, string> {
  return Object.fromEntries(roles.map((role) => [role, `${issuerUrl}/sign-in/${role}?redirect_uri=${encodeURIComponent(`${consoleUrl}/`)}`]));
}
