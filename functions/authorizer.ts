// One authorizer, two contracts, for users' JWTs and agents' API keys alike:
// - HTTP API (payload 2.0, simple responses, cached by the Authorization header): always allows,
//   with `authenticated: false` and a reason for bad credentials, so the route answers 401 in our
//   envelope (an HTTP API denial is a fixed 403 we cannot shape).
// - WebSocket $connect (token in ?token=): an IAM policy; bad credentials are denied (403).
import type {
  APIGatewayRequestAuthorizerEvent,
  APIGatewayRequestAuthorizerEventV2,
  APIGatewaySimpleAuthorizerWithContextResult,
  APIGatewayAuthorizerResult,
} from 'aws-lambda';
import { authenticate, type Authenticator } from '#shared/auth/authenticate.ts';
import { encodeAuthentication, type AuthContext } from '#shared/auth/context.ts';
import { createTokenVerifier } from '#shared/auth/jwt.ts';
import { requiredEnv } from '#shared/config/env.ts';
import { readSettings } from '#shared/config/settings.ts';
import { JWT_ISSUERS, LOCATIONS_CLAIM, ROLES_CLAIM, TENANT_CLAIM } from '#shared/contract/settings.ts';
import { logger } from '#shared/powertools/logger.ts';
import { findApiKey } from '#shared/store/agents.ts';

const settings = readSettings({ JWT_ISSUERS, TENANT_CLAIM, ROLES_CLAIM, LOCATIONS_CLAIM });
const authenticator: Authenticator = {
  verifyJwt: createTokenVerifier(settings.JWT_ISSUERS),
  claimNames: { tenant: settings.TENANT_CLAIM, roles: settings.ROLES_CLAIM, locations: settings.LOCATIONS_CLAIM },
  findApiKey: (hash) => findApiKey(hash),
};
/** The $connect query parameter holding the token (the wiring's authorizer.webSocketTokenParameter). */
const tokenParameter = requiredEnv('WS_TOKEN_PARAMETER');

type AuthorizerEvent = APIGatewayRequestAuthorizerEventV2 | APIGatewayRequestAuthorizerEvent;

const isWebSocket = (event: AuthorizerEvent): event is APIGatewayRequestAuthorizerEvent => 'methodArn' in event;

export async function handler(
  event: AuthorizerEvent,
): Promise<APIGatewaySimpleAuthorizerWithContextResult<AuthContext> | APIGatewayAuthorizerResult> {
  if (isWebSocket(event)) {
    const auth = await authenticate(event.queryStringParameters?.[tokenParameter], authenticator);
    if (auth.authenticated) logger.info('WebSocket connect authorised', outcome(auth));
    else logger.info(`WebSocket connect refused: ${auth.reason}`, outcome(auth));
    return {
      principalId: auth.authenticated ? auth.principal.principalId : 'anonymous',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: auth.authenticated ? 'Allow' : 'Deny', Resource: event.methodArn }],
      },
      context: auth.authenticated ? encodeAuthentication(auth) : undefined,
    };
  }
  const auth = await authenticate(event.headers?.authorization, authenticator);
  logger.info('HTTP request authorised', outcome(auth));
  return { isAuthorized: true, context: encodeAuthentication(auth) };
}

/** What may be logged: never the credential itself. */
function outcome(auth: Awaited<ReturnType<typeof authenticate>>) {
  return auth.authenticated
    ? { authenticated: true, tenant_id: auth.principal.tenantId, principal_id: auth.principal.principalId }
    : { authenticated: false, reason: auth.reason };
}
