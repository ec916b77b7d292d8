// Sign-in with the authorization-code flow and PKCE (a public client, no secret): to the Cognito
// managed login in the cloud, to the local issuer's sign-in page on the twin (which answers with
// #id_token=, accepted there only because config.json allows it).

const VERIFIER_KEY = 'scorecast.pkce_verifier';
const STATE_KEY = 'scorecast.oauth_state';

/** https://<domain> for a bare Cognito domain; a URL (the twin's issuer) as given, without trailing slash. */
export const loginBase = (domain: string): string => (/^https?:\/\//.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');

/** Where the login sends the user back: the console's root. */
export const redirectUri = (origin: string): string => `${origin}/`;

const base64Url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function pkceChallenge(verifier: string): Promise<string> {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export function authorizeUrl(domain: string, clientId: string, redirect: string, challenge: string, state: string): string {
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: clientId,
    redirect_uri: redirect,
    scope: 'openid email profile',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
  });
  return `${loginBase(domain)}/oauth2/authorize?${params}`;
}

/** Sends the browser to the login page, keeping the PKCE verifier and state for the way back. */
export async function startSignIn(domain: string, clientId: string, storage: Storage = sessionStorage): Promise<void> {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const state = base64Url(crypto.getRandomValues(new Uint8Array(16)));
  storage.setItem(VERIFIER_KEY, verifier);
  storage.setItem(STATE_KEY, state);
  window.location.assign(authorizeUrl(domain, clientId, redirectUri(window.location.origin), await pkceChallenge(verifier), state));
}

/** On the way back (`?code=&state=`): the ID token from the token endpoint, or an Error. */
export async function finishSignIn(
  domain: string,
  clientId: string,
  search: string,
  storage: Storage = sessionStorage,
): Promise<string | Error | null> {
  const params = new URLSearchParams(search);
  const code = params.get('code');
  if (!code) return params.get('error') ? new Error(`Sign-in failed: ${params.get('error_description') ?? params.get('error')}`) : null;
  const verifier = storage.getItem(VERIFIER_KEY);
  const expected = storage.getItem(STATE_KEY);
  storage.removeItem(VERIFIER_KEY);
  storage.removeItem(STATE_KEY);
  if (!verifier || !expected || params.get('state') !== expected)
    return new Error('Sign-in failed: the answer does not match this tab’s request; sign in again.');
  const response = await fetch(`${loginBase(domain)}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      redirect_uri: redirectUri(window.location.origin),
      code_verifier: verifier,
    }),
  });
  if (!response.ok) return new Error(`Sign-in failed: the token endpoint answered ${response.status}`);
  const body = (await response.json()) as { id_token?: string };
  return body.id_token ?? new Error('Sign-in failed: no id_token in the answer');
}
