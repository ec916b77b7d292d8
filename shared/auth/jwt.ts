// Verifies bearer JWTs from the configured issuers (Cognito, any OIDC issuer, the twin's local
// issuer) with aws-jwt-verify. JWKS are fetched with the platform's fetch so a loopback `http`
// issuer works the same way as an `https` one.
import { JwtVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import {
  FetchError,
  JwksNotAvailableInCacheError,
  JwtBaseError,
  JwtExpiredError,
  JwtInvalidAudienceError,
  JwtInvalidIssuerError,
  JwtInvalidSignatureAlgorithmError,
  JwtInvalidSignatureError,
  JwtNotBeforeError,
  JwtParseError,
  JwtWithoutValidKidError,
  KidNotFoundInJwksError,
  ParameterValidationError,
} from 'aws-jwt-verify/error';

export interface TrustedIssuer {
  issuer: string;
  audience: string | string[];
  /** Defaults to `${issuer}/.well-known/jwks.json`. */
  jwks_uri?: string;
  /** Cognito: accept only ID tokens (`id`) or only access tokens (`access`). */
  token_use?: 'id' | 'access';
}

export type VerifiedToken = { ok: true; claims: Record<string, unknown> } | { ok: false; reason: string };

const JWKS_TIMEOUT_MS = 3000;

const fetcher = {
  async fetch(uri: string): Promise<ArrayBuffer> {
    const response = await fetch(uri, { signal: AbortSignal.timeout(JWKS_TIMEOUT_MS) });
    if (response.status !== 200) throw new FetchError(uri, `Status code is ${response.status}, expected 200`);
    return response.arrayBuffer();
  },
};

/** Reasons are safe to show the caller: they never contain the token. */
function reasonFor(error: unknown): string | undefined {
  if (error instanceof JwtExpiredError) return 'the token has expired';
  if (error instanceof JwtNotBeforeError) return 'the token is not valid yet';
  if (error instanceof JwtInvalidSignatureError) return 'the token signature is invalid';
  if (error instanceof JwtInvalidSignatureAlgorithmError) return 'the token signature algorithm is not accepted';
  if (error instanceof JwtInvalidAudienceError) return 'the token audience is not accepted';
  if (error instanceof JwtInvalidIssuerError || error instanceof ParameterValidationError) return 'the token issuer is not trusted';
  if (error instanceof JwtParseError) return 'the token is malformed';
  if (error instanceof KidNotFoundInJwksError || error instanceof JwtWithoutValidKidError) return 'the token signing key is unknown';
  if (error instanceof FetchError || error instanceof JwksNotAvailableInCacheError) return undefined;
  if (error instanceof JwtBaseError) return 'the token is invalid';
  return undefined;
}

export function createTokenVerifier(issuers: TrustedIssuer[]): (token: string) => Promise<VerifiedToken> {
  if (issuers.length === 0) return async () => ({ ok: false, reason: 'no token issuer is configured' });
  const properties = issuers.map((trusted) => ({
    issuer: trusted.issuer,
    audience: trusted.audience,
    jwksUri: trusted.jwks_uri ?? `${trusted.issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    customJwtCheck: trusted.token_use
      ? ({ payload }: { payload: Record<string, unknown> }) => {
          if (payload.token_use !== trusted.token_use) throw new JwtParseError(`token_use must be ${trusted.token_use}`);
        }
      : undefined,
  }));
  // One verifier for every issuer: aws-jwt-verify picks the issuer's keys by the token's `iss`.
  const verifier = JwtVerifier.create(properties as never, { jwksCache: new SimpleJwksCache({ fetcher }) }) as unknown as {
    verify(token: string): Promise<Record<string, unknown>>;
  };
  const trustedIssuers = new Set(issuers.map((trusted) => trusted.issuer));
  return async (token) => {
    // Refuse foreign issuers before any key lookup, so a token cannot make us fetch anything.
    const iss = unverifiedIssuer(token);
    if (iss === undefined) return { ok: false, reason: 'the token is malformed' };
    if (!trustedIssuers.has(iss)) return { ok: false, reason: 'the token issuer is not trusted' };
    try {
      const claims = await verifier.verify(token);
      return { ok: true, claims };
    } catch (error) {
      const reason = reasonFor(error);
      // An issuer we cannot reach is our failure, not the caller's: let it surface (and not be cached).
      if (reason === undefined) throw error;
      return { ok: false, reason };
    }
  };
}

function unverifiedIssuer(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const { iss } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
