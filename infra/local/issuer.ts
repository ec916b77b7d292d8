// The twin's OIDC issuer: an RSA key pair (kept under .scorecast/data with --persist), its JWKS
// and discovery document on loopback, and tokens carrying the same claims as the cloud's Cognito
// ID tokens, so the same aws-jwt-verify code verifies both. `POST /token` mints one for
// `npm run token`; it listens on 127.0.0.1 only.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
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

export async function startLocalIssuer(options: { port?: number; keyFile?: string } = {}): Promise<LocalIssuer> {
  const { privateKey, kid } = loadOrCreateKey(options.keyFile);
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  let issuer = '';

  const mint = (request: TokenRequest) => signJwt(tokenClaims(issuer, request), privateKey, kid);

  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
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
