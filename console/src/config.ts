// config.json, served beside the console: where the API, the WebSocket API and the sign-in live.
// The stack writes it at deploy; the twin serves it with its actual ports.

import type { ConsoleConfig } from './config-json.ts';

export type { ConsoleConfig };

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** The configuration from config.json's parsed body, or an Error saying what is missing. */
export function parseConfig(json: unknown): ConsoleConfig | Error {
  if (typeof json !== 'object' || json === null) return new Error('config.json is not a JSON object');
  const raw = json as Record<string, unknown>;
  const api = typeof raw.api_url === 'string' ? raw.api_url.replace(/\/+$/, '') : null;
  const ws = text(raw.websocket_url);
  if (api === null) return new Error('config.json has no api_url');
  if (!ws) return new Error('config.json has no websocket_url');
  return {
    api_url: api,
    websocket_url: ws,
    cognito_domain: text(raw.cognito_domain),
    client_id: text(raw.client_id),
    region: text(raw.region),
    allow_fragment_token: raw.allow_fragment_token === true,
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json answered ${response.status}`);
  const config = parseConfig(await response.json());
  if (config instanceof Error) throw config;
  return config;
}
