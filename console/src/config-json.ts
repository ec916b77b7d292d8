// config.json's fields: the one declaration of what the console reads, what the twin serves
// (infra/local/console-server.ts) and what the stack writes (infra/constructs/console-hosting.ts,
// which narrows it for the cloud). Types only: no DOM, so infra/ may import it.
export interface ConsoleConfig {
  /** The HTTP API's base URL, no trailing slash ('' or a path: the same origin). */
  api_url: string;
  websocket_url: string;
  /** The Cognito domain (host or https URL) of the managed login; on the twin, its local issuer. */
  cognito_domain: string | null;
  client_id: string | null;
  region: string | null;
  /** Twin only: an ID token in the URL fragment (#id_token=) signs in. The stack never sets it. */
  allow_fragment_token: boolean;
}
