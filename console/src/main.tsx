// Start-up: config.json, then the session (a fragment token on the twin, the code flow's answer in
// the cloud, or the tab's stored token), then the page at once, its requests and subscriptions in
// flight beside whoami's (which only names the tenant and the role, so the page does not wait for it);
// a missing, expired or refused token shows the sign-in page, never a blank one.
import { render } from 'preact';
import './styles.css';
import { App, type AppContext, type Whoami } from './app.ts';
import { ApiError, createApi } from './api/client.ts';
import { finishSignIn } from './auth/oauth.ts';
import { highestRole, resolveSession, signOut, TOKEN_KEY, takeFragmentToken } from './auth/token.ts';
import { type ConsoleConfig, loadConfig } from './config.ts';
import { SignInPage } from './pages/sign-in.tsx';
import { RealtimeClient } from './realtime/socket.ts';
import { Shell } from './shell.tsx';
import { warmUpFormatters } from './ui/parts.tsx';

const root = document.getElementById('app')!;
root.replaceChildren(); // the static "Loading…" line; Preact renders into an empty root
const RETURN_KEY = 'scorecast.return_to';

function showSignIn(config: ConsoleConfig, reason: string, error?: string): void {
  const here = window.location.pathname + window.location.search;
  if (here !== '/' && !here.startsWith('/?')) sessionStorage.setItem(RETURN_KEY, here);
  render(<SignInPage config={config} reason={reason} error={error} />, root);
}

async function start(): Promise<void> {
  let config: ConsoleConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    render(
      <main class="sign-in">
        <h1>Scorecast console</h1>
        <p class="error" role="alert">
          The console could not read its configuration: {(error as Error).message}
        </p>
      </main>,
      root,
    );
    return;
  }

  let fragmentToken: string | null = null;
  if (config.allow_fragment_token) {
    // A token arriving later in the same document (a link to this page with another #id_token=) starts over with it.
    window.addEventListener('hashchange', () => {
      if (takeFragmentToken(window.location.hash)) window.location.reload();
    });
    const found = takeFragmentToken(window.location.hash);
    if (found) {
      fragmentToken = found.token;
      window.history.replaceState(null, '', window.location.pathname + window.location.search + found.rest);
    }
  }
  if (!fragmentToken && config.cognito_domain && config.client_id && window.location.search.includes('code=')) {
    const answer = await finishSignIn(config.cognito_domain, config.client_id, window.location.search);
    window.history.replaceState(null, '', window.location.pathname);
    if (answer instanceof Error) return showSignIn(config, 'none', answer.message);
    fragmentToken = answer;
  }

  const session = resolveSession(sessionStorage, fragmentToken, Date.now());
  if ('signedOut' in session) return showSignIn(config, session.signedOut);

  const returnTo = sessionStorage.getItem(RETURN_KEY);
  if (fragmentToken && returnTo) {
    sessionStorage.removeItem(RETURN_KEY);
    window.history.replaceState(null, '', returnTo);
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);
  let ended = false;
  const realtime = new RealtimeClient(config.websocket_url, token);
  const end = (reason: string) => {
    if (ended) return;
    ended = true;
    signOut(sessionStorage);
    realtime.close();
    showSignIn(config, reason);
  };
  const api = createApi(config.api_url, token, () => end('refused'));

  // The token's expiry ends the session where it stands: back to sign-in, never a blank page.
  const msLeft = (session.claims.exp ?? 0) * 1000 - Date.now() - 30_000;
  setTimeout(() => end('expired'), Math.max(msLeft, 0));

  // Until whoami answers, no role: the page shows what any signed-in user sees (the API decides anyway).
  const show = (whoami: Whoami | null) => {
    if (ended) return;
    const context: AppContext = {
      config,
      api,
      realtime,
      claims: session.claims,
      whoami,
      role: whoami ? highestRole(whoami.roles) : null,
      signOut: () => end('signed_out'),
    };
    render(
      <App.Provider value={context}>
        <Shell />
      </App.Provider>,
      root,
    );
  };
  show(null);
  warmUpFormatters();
  try {
    show(await api.get<Whoami>('/v1/whoami'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return end('refused');
    if (ended) return;
    ended = true;
    realtime.close();
    showSignIn(config, 'none', `The API could not be reached: ${(error as Error).message}`);
  }
}

void start();
