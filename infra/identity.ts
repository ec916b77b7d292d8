// The stack's own identity provider: a Cognito user pool whose ID tokens the authorizer trusts.
// Admins create the users (no self sign-up); a user's tenant and locations are custom attributes
// only an administrator can set (AdminCreateUser / AdminUpdateUserAttributes), never the app
// client; roles are the pool's groups, which Cognito puts in the ID token's `cognito:groups`.
// The claim names match the authorizer's defaults (shared/auth/claims.ts: TENANT_CLAIM,
// ROLES_CLAIM, LOCATIONS_CLAIM).
import { Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
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

export interface IdentityProps {
  /** The stack's removal policy for stateful resources (RETAIN_ON_UPDATE_OR_DELETE unless a dev stack). */
  removalPolicy: RemovalPolicy;
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

  constructor(scope: Construct, id: string, props: IdentityProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.userPool = this.createUserPool(props.removalPolicy);
    this.groups = this.createGroups(this.userPool, props.removalPolicy);
    this.client = this.createClient(this.userPool, props.removalPolicy);
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

  /** The one app client: no secret, no hosted UI; it may read the tenant and locations but never write them. */
  private createClient(userPool: cognito.UserPool, removalPolicy: RemovalPolicy): cognito.UserPoolClient {
    const custom = Object.values(CUSTOM_ATTRIBUTES);
    const client = new cognito.UserPoolClient(this, 'AppClient', {
      userPool,
      userPoolClientName: `${Stack.of(this).stackName}-app`,
      generateSecret: false,
      // SRP for apps (the password never leaves the client); USER_PASSWORD_AUTH because the AWS CLI
      // (`aws cognito-idp initiate-auth`) cannot compute SRP: the password goes to Cognito over TLS.
      authFlows: { userSrp: true, userPassword: true },
      // No hosted UI or OAuth flows: clients sign in through the Cognito API.
      disableOAuth: true,
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
