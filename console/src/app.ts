// What every page reads: the configuration, the API and WebSocket clients, and who is signed in.
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Api } from './api/client.ts';
import type { Claims, Role } from './auth/token.ts';
import type { ConsoleConfig } from './config.ts';
import type { RealtimeClient } from './realtime/socket.ts';

export interface Whoami {
  tenant_id: string;
  principal_type: 'user' | 'agent';
  principal_id: string;
  roles: string[];
  locations: string[] | null;
}

export interface AppContext {
  config: ConsoleConfig;
  api: Api;
  realtime: RealtimeClient;
  claims: Claims;
  /** null until GET /v1/whoami answers (the page renders meanwhile). */
  whoami: Whoami | null;
  /** The highest of whoami's roles; null until it answers. */
  role: Role | null;
  signOut(): void;
}

export const App = createContext<AppContext | null>(null);

export function useApp(): AppContext {
  const app = useContext(App);
  if (!app) throw new Error('useApp outside the signed-in console');
  return app;
}
