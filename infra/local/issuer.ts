// The twin's OIDC issuer: an RSA key pair (kept under .scorecast/data with --persist), its JWKS
// and discovery document on loopback, and tokens carrying the same claims as the cloud's Cognito
// ID tokens, so the same aws-jwt-verify code verifies both. `POST /token` mints one for
// `npm run token`; it listens on 127.0.0.1 only. With `signIn`, it is also the console's login:
// `/oauth2/authorize` lists the demo users and `/sign-in/{role}` sends the browser back to the
// console with `#id_token=` (which only the twin's console accepts), to loopback addresses only.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import { defaultClaimNames } from '#shared/auth/claims.ts';
import { listen } from './http-common.ts';

export const LOCAL_AUDIENCE = 'scorecast-local';

export interface TokenRequest {
  tenant: string;
  roles: string[];
  sub?: string;
  /** Omitted: every location (no claim at all). */
  locations?: string[];
  ttlSeconds?: number;
  /** Another audience than the twin's (to see such a token refused). */
  audience?: string;
}

/** The demo users the sign-in page lists: one per role, of one tenant. */
export interface SignInUsers {
  tenant: string;
  roles: string[];
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  jwksUri: string;
  kid: string;
  mint(request: TokenRequest): string;
  close(): Promise<void>;
}

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const DEFAULT_TTL_SECONDS = 12 * 60 * 60;

function loadOrCreateKey(keyFile: string | undefined): { privateKey: KeyObject; kid: string } {
  if (keyFile && existsSync(keyFile)) {
    const saved = JSON.parse(readFileSync(keyFile, 'utf8')) as { kid: string; pem: string };
    return { privateKey: createPrivateKey(saved.pem), kid: saved.kid };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomUUID();
  if (keyFile) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify({ kid, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) }), { mode: 0o600 });
  }
  return { privateKey, kid };
}

/** Signs claims as an RS256 JWT with the given key (also used by tests to forge tokens with other keys). */
export function signJwt(claims: Record<string, unknown>, privateKey: KeyObject, kid: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
  const payload = base64url(JSON.stringify(claims));
  const signature = sign('sha256', Buffer.from(`${header}.${payload}`), privateKey);
  return `${header}.${payload}.${base64url(signature)}`;
}

export function tokenClaims(issuer: string, request: TokenRequest, now = Date.now()): Record<string, unknown> {
  const iat = Math.floor(now / 1000);
  return {
    iss: issuer,
    aud: request.audience ?? LOCAL_AUDIENCE,
    sub: request.sub ?? `${request.tenant}-${request.roles[0] ?? 'user'}`,
    token_use: 'id',
    iat,
    exp: iat + (request.ttlSeconds ?? DEFAULT_TTL_SECONDS),
    [defaultClaimNames.tenant]: request.tenant,
    [defaultClaimNames.roles]: request.roles,
    ...(request.locations ? { [defaultClaimNames.locations]: request.locations.join(',') } : {}),
  };
}

/** A redirect target the sign-in may send a token to: http(s) on a loopback host. Pure. */
export function loopbackRedirect(value: string | null): URL | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
    return loopback && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password ? url : null;
  } catch {
    return null;
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The sign-in page: one link per demo user. */
export function signInPage(users: SignInUsers, redirect: string): string {
  const links = users.roles
    .map((role) => `<li><a href="/sign-in/${encodeURIComponent(role)}?redirect_uri=${encodeURIComponent(redirect)}">${escapeHtml(role)}</a></li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · Scorecast local twin</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 30rem; margin: 4rem auto; color: #1a1a1a">
<main><h1>Sign in to the local twin</h1><p>Tenant <code>${escapeHtml(users.tenant)}</code>. One click signs in as its demo user:</p>
<ul style="font-size: 1.3rem; line-height: 2">${links}</ul>
<p style="color: #545454">Local only: these tokens are minted by the twin's issuer and trusted by this twin alone.</p></main></body></html>`;
}

export async function startLocalIssuer(options: { port?: number; keyFile?: string; signIn?: SignInUsers } = {}): Promise<LocalIssuer> {
  const { privateKey, kid } = loadOrCreateKey(options.keyFile);
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  let issuer = '';

  const mint = (request: TokenRequest) => signJwt(tokenClaims(issuer, request), privateKey, kid);

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method === 'GET' && options.signIn && answerSignIn(req.url ?? '/', options.signIn, res, mint)) return;
    if (req.method === 'GET' && req.url === '/.well-known/jwks.json') return send(200, { keys: [jwk] });
    if (req.method === 'GET' && req.url === '/.well-known/openid-configuration')
      return send(200, {
        issuer,
        jwks_uri: `${issuer}/.well-known/jwks.json`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint: `${issuer}/token`,
      });
    if (req.method === 'POST' && req.url === '/token') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TokenRequest;
          if (typeof body.tenant !== 'string' || !Array.isArray(body.roles)) return send(400, { message: 'tenant and roles are required' });
          send(200, { token: mint(body) });
        } catch {
          send(400, { message: 'send a JSON body' });
        }
      });
      return;
    }
    send(404, { message: 'Not Found' });
  });
  issuer = `http://127.0.0.1:${await listen(server, options.port ?? 0)}`;

  return {
    issuer,
    audience: LOCAL_AUDIENCE,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    kid,
    mint,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The sign-in routes; false when the path is not one of them. */
function answerSignIn(rawUrl: string, users: SignInUsers, res: ServerResponse, mint: (request: TokenRequest) => string): boolean {
  const url = new URL(rawUrl, 'http://issuer');
  const role = /^\/sign-in\/([^/]+)$/.exec(url.pathname)?.[1];
  if (url.pathname !== '/oauth2/authorize' && !role) return false;
  const redirect = loopbackRedirect(url.searchParams.get('redirect_uri'));
  const page = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY' };
  if (!redirect) {
    res.writeHead(400, page).end('<!doctype html><title>Sign-in refused</title><p>redirect_uri must be an http(s) URL on a loopback address.</p>');
    return true;
  }
  if (!role) {
    res.writeHead(200, page).end(signInPage(users, redirect.href));
    return true;
  }
  const name = decodeURIComponent(role);
  if (!users.roles.includes(name)) {
    res.writeHead(404, page).end(`<!doctype html><title>No such user</title><p>No demo user ${escapeHtml(name)}.</p>`);
    return true;
  }
  const token = mint({ tenant: users.tenant, roles: [name], sub: `${users.tenant}-${name}` });
  res.writeHead(302, { location: `${redirect.origin}${redirect.pathname}${redirect.search}#id_token=${token}`, 'cache-control': 'no-store' }).end();
  return true;
}
