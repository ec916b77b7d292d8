// The stack's own identity provider: a Cognito user pool whose ID tokens the authorizer trusts.
// Admins create the users (no self sign-up); a user's tenant and locations are custom attributes
// only an administrator can set (AdminCreateUser / AdminUpdateUserAttributes), never the app
// client; roles are the pool's groups, which Cognito puts in the ID token's `cognito:groups`.
// The claim names match the authorizer's defaults (shared/auth/claims.ts: TENANT_CLAIM,
// ROLES_CLAIM, LOCATIONS_CLAIM). With a console, the same client also signs users in through
// Cognito's managed login (authorization code + PKCE) on a domain of the pool's own.
import { Duration, Fn, type RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import type { TrustedIssuer } from '#shared/auth/jwt.ts';
import type { Role } from './wiring-types.ts';

/** Custom attributes (without the `custom:` prefix Cognito adds in tokens and APIs). */
export const CUSTOM_ATTRIBUTES = {
  /** The user's tenant; the authorizer accepts `^[A-Za-z0-9_-]{1,64}$` (shared/auth/claims.ts). */
  tenantId: 'tenant_id',
  /** The locations the user may act on, comma- or space-separated; absent means all locations. */
  locations: 'locations',
} as const;

/** One group per role: `cognito:groups` in the ID token carries the user's roles. */
export const ROLE_GROUPS: Record<Role, { precedence: number; description: string }> = {
  admin: { precedence: 0, description: 'Tenant administrators: everything a maintainer may do, plus users, agents and API keys' },
  maintainer: { precedence: 1, description: 'Maintainers: everything a viewer may do, plus creating and changing benchmark resources' },
  viewer: { precedence: 2, description: 'Viewers: read-only access to their tenant (and their locations)' },
};

/** Lifetimes of the app client's tokens. */
export const TOKEN_VALIDITY = {
  id: Duration.hours(1),
  access: Duration.hours(1),
  refresh: Duration.days(30),
} as const;

/** The OAuth scopes the console asks for: the ID token, the e-mail and the name. */
export const CONSOLE_OAUTH_SCOPES = ['openid', 'email', 'profile'] as const;

/** Paths of the console's URL that managed login may redirect to after sign-in and after sign-out. */
export const CONSOLE_CALLBACK_PATHS = ['/', '/callback'] as const;

export interface ConsoleSignIn {
  /** The console's URL, `https://<host>` without a trailing slash (may resolve at deploy time). */
  consoleUrl: string;
  /** Prefix of the Cognito domain (`<prefix>.auth.<region>.amazoncognito.com`); see cognitoDomainPrefix(). */
  domainPrefix: string;
}

export interface IdentityProps {
  /** The stack's removal policy for stateful resources (RETAIN_ON_UPDATE_OR_DELETE unless a dev stack). */
  removalPolicy: RemovalPolicy;
  /** The web console's sign-in: a Cognito domain with managed login and OAuth on the client. Absent: none. */
  consoleSignIn?: ConsoleSignIn;
}

export class Identity extends Construct {
  readonly userPool: cognito.UserPool;
  /** The one app client, without a secret (single-page apps, CLIs). */
  readonly client: cognito.UserPoolClient;
  /** Role → group. */
  readonly groups: Record<Role, cognito.UserPoolGroup>;
  /** The `iss` of the pool's tokens: `https://cognito-idp.<region>.<suffix>/<pool id>`. */
  readonly issuerUrl: string;
  /** The JWT_ISSUERS entry for this pool: its ID tokens, for this client. */
  readonly trustedIssuer: TrustedIssuer;
  /** The Cognito domain hosting managed login (with a console only). */
  readonly domain?: cognito.UserPoolDomain;
  /** Managed login's branding for the client: Cognito's own look (with a console only). */
  readonly branding?: cognito.CfnManagedLoginBranding;

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.userPool = this.createUserPool(props.removalPolicy);
    this.groups = this.createGroups(this.userPool, props.removalPolicy);
    this.client = this.createClient(this.userPool, props.removalPolicy, props.consoleSignIn);
    if (props.consoleSignIn) {
      this.domain = new cognito.UserPoolDomain(this, 'SignInDomain', {
        userPool: this.userPool,
        cognitoDomain: { domainPrefix: props.consoleSignIn.domainPrefix },
        managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
      });
      // Managed login shows an error page to a client without a branding: Cognito's default look.
      this.branding = new cognito.CfnManagedLoginBranding(this, 'ManagedLoginBranding', {
        userPoolId: this.userPool.userPoolId,
        clientId: this.client.userPoolClientId,
        useCognitoProvidedValues: true,
      });
      this.branding.node.addDependency(this.domain);
      // Configuration of a retained pool's sign-in: kept with it, like the client.
      this.domain.applyRemovalPolicy(props.removalPolicy);
      this.branding.applyRemovalPolicy(props.removalPolicy);
    }
    this.issuerUrl = `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
    this.trustedIssuer = { issuer: this.issuerUrl, audience: this.client.userPoolClientId, token_use: 'id' };
  }

  /** The pool: admin-created users signing in by e-mail, strong passwords, optional TOTP. */
  private createUserPool(removalPolicy: RemovalPolicy): cognito.UserPool {
    return new cognito.UserPool(this, 'UserPool', {
      userPoolName: `${Stack.of(this).stackName}-users`,
      // Administrators create every user (AdminCreateUser); nobody can sign up into a tenant.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      // A changed address takes effect only once verified: sign-in and recovery keep the old one until then.
      keepOriginal: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      customAttributes: {
        // Mutable so an administrator can move a user (AdminUpdateUserAttributes); the app client
        // cannot write it (see writeAttributes below). Custom attributes cannot be changed or
        // removed once the pool exists: the bounds match the authorizer's tenant id pattern.
        [CUSTOM_ATTRIBUTES.tenantId]: new cognito.StringAttribute({ minLen: 1, maxLen: 64, mutable: true }),
        [CUSTOM_ATTRIBUTES.locations]: new cognito.StringAttribute({ maxLen: 2048, mutable: true }),
      },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        passwordHistorySize: 5,
        tempPasswordValidity: Duration.days(3),
      },
      // TOTP only: no SMS, so no SNS role, no SMS spend and no SMS pumping to pay for.
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false, email: false },
      enableSmsRole: false,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      // Essentials (Cognito's default for new pools), set explicitly so the plan is a reviewed
      // choice. Threat protection needs Plus; see the AwsSolutions-COG8 acknowledgement (infra/nag.ts).
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      // No deletion protection: a failed first create must be able to delete the pool on rollback
      // (the removal policy retains it on stack deletion and replacement). An operator may turn it on
      // once the stack exists; the template leaves the setting alone.
      removalPolicy,
    });
  }

  /** One group per role, kept with a retained pool (memberships are data). */
  private createGroups(userPool: cognito.UserPool, removalPolicy: RemovalPolicy): Record<Role, cognito.UserPoolGroup> {
    const groups: Partial<Record<Role, cognito.UserPoolGroup>> = {};
    for (const [role, group] of Object.entries(ROLE_GROUPS) as [Role, (typeof ROLE_GROUPS)[Role]][]) {
      groups[role] = new cognito.UserPoolGroup(this, `${role.charAt(0).toUpperCase()}${role.slice(1)}Group`, {
        userPool,
        groupName: role,
        description: group.description,
        precedence: group.precedence,
      });
      // Memberships are data: a retained pool keeps its groups.
      groups[role].applyRemovalPolicy(removalPolicy);
    }
    return groups as Record<Role, cognito.UserPoolGroup>;
  }

  /**
   * The one app client: no secret; it may read the tenant and locations but never write them. With
   * a console, managed login signs users in to it with the authorization code flow (the console
   * sends a PKCE challenge: a public client has no secret to redeem a code with), redirecting only
   * to the console; without, there is no OAuth at all.
   */
  private createClient(userPool: cognito.UserPool, removalPolicy: RemovalPolicy, signIn?: ConsoleSignIn): cognito.UserPoolClient {
    const custom = Object.values(CUSTOM_ATTRIBUTES);
    const client = new cognito.UserPoolClient(this, 'AppClient', {
      userPool,
      userPoolClientName: `${Stack.of(this).stackName}-app`,
      generateSecret: false,
      // SRP for apps (the password never leaves the client); USER_PASSWORD_AUTH because the AWS CLI
      // (`aws cognito-idp initiate-auth`) cannot compute SRP: the password goes to Cognito over TLS.
      authFlows: { userSrp: true, userPassword: true },
      // Code flow only (no implicit grant, no client credentials), for the console's URL only.
      // Without a console, no OAuth: clients sign in through the Cognito API.
      disableOAuth: !signIn,
      oAuth: signIn && {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: CONSOLE_CALLBACK_PATHS.map((path) => `${signIn.consoleUrl}${path}`),
        logoutUrls: CONSOLE_CALLBACK_PATHS.map((path) => `${signIn.consoleUrl}${path}`),
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: TOKEN_VALIDITY.id,
      accessTokenValidity: TOKEN_VALIDITY.access,
      refreshTokenValidity: TOKEN_VALIDITY.refresh,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      // Read: what the ID token carries. Write: never the tenant or the locations (nor
      // email_verified). The list must not be empty: Cognito treats an empty list as "all".
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true, fullname: true, givenName: true, familyName: true })
        .withCustomAttributes(...custom),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({
        email: true,
        fullname: true,
        givenName: true,
        familyName: true,
      }),
    });
    client.applyRemovalPolicy(removalPolicy);
    return client;
  }

  /**
   * The JWT_ISSUERS setting value: this pool first, then the issuers configured in context (a JSON
   * array, as the setting is declared). A CloudFormation expression that resolves at deploy time.
   */
  jwtIssuersSetting(configured: string | undefined): string {
    return Stack.of(this).toJsonString([this.trustedIssuer, ...parseTrustedIssuers(configured)]);
  }
}

/** Words Cognito refuses in a domain prefix. */
const RESERVED_PREFIX_WORDS = ['aws', 'amazon', 'cognito'];

/** What is wrong with a Cognito domain prefix, or undefined when Cognito accepts it. */
export function domainPrefixProblem(prefix: string): string | undefined {
  if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(prefix))
    return `${JSON.stringify(prefix)} must be 1-63 lowercase letters, digits and hyphens, not starting or ending with a hyphen`;
  const word = RESERVED_PREFIX_WORDS.find((w) => prefix.includes(w));
  if (word) return `${JSON.stringify(prefix)} contains "${word}", which Cognito does not allow in a domain prefix`;
  return undefined;
}

/** The stack name as the readable part of a domain prefix: lowercase, hyphens, no reserved word, ≤ 40 characters. */
export function domainPrefixStem(stackName: string): string {
  let stem = stackName.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  // Until none is left: removing one word can join the letters of another.
  while (RESERVED_PREFIX_WORDS.some((word) => stem.includes(word))) for (const word of RESERVED_PREFIX_WORDS) stem = stem.replaceAll(word, '');
  stem = stem.replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 40).replace(/-$/, '');
  return stem || 'scorecast';
}

/**
 * The Cognito domain prefix: `configured` when given (checked here), else the stack name and the
 * first 8 hex digits of the stack's id (`scorecast-1a2b3c4d`), unique per stack, account and region
 * and stable for the stack's life. Prefixes are unique per region across all accounts.
 */
export function cognitoDomainPrefix(scope: Construct, configured?: string): string {
  if (configured !== undefined) {
    const problem = domainPrefixProblem(configured);
    if (problem) throw new Error(`Cognito domain prefix ${problem}`);
    return configured;
  }
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.stackName)) throw new Error('The Cognito domain prefix needs a literal stack name, or a configured prefix');
  const stackUuid = Fn.select(2, Fn.split('/', stack.stackId));
  return `${domainPrefixStem(stack.stackName)}-${Fn.select(0, Fn.split('-', stackUuid))}`;
}

/** The configured JWT_ISSUERS value, checked at synth time rather than at the authorizer's first cold start. */
export function parseTrustedIssuers(value: string | undefined): TrustedIssuer[] {
  if (value === undefined || value.trim() === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new Error(`Setting JWT_ISSUERS is not valid JSON: ${value}`);
  }
  if (!Array.isArray(parsed)) throw new Error('Setting JWT_ISSUERS must be a JSON array of {"issuer","audience","jwks_uri"?,"token_use"?}');
  return parsed.map((entry: unknown, i) => {
    const e = entry as Partial<Record<keyof TrustedIssuer, unknown>> | null;
    const audienceOk =
      typeof e?.audience === 'string' || (Array.isArray(e?.audience) && e.audience.length > 0 && e.audience.every((a) => typeof a === 'string'));
    if (typeof e !== 'object' || e === null || typeof e.issuer !== 'string' || e.issuer === '' || !audienceOk)
      throw new Error(`Setting JWT_ISSUERS[${i}] needs a string "issuer" and a string (or string array) "audience"`);
    if (e.jwks_uri !== undefined && typeof e.jwks_uri !== 'string') throw new Error(`Setting JWT_ISSUERS[${i}].jwks_uri must be a string`);
    if (e.token_use !== undefined && e.token_use !== 'id' && e.token_use !== 'access')
      throw new Error(`Setting JWT_ISSUERS[${i}].token_use must be "id" or "access"`);
    return entry as TrustedIssuer;
  });
}
