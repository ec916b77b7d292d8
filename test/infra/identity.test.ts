// The stack's Cognito user pool (infra/identity.ts): admins create users, tenants and locations
// cannot be self-assigned through the app client, the groups are the roles, and the authorizer
// trusts exactly this pool's ID tokens for this client (plus any issuers configured in context).
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { roles } from '#shared/auth/principal.ts';
import {
  CONSOLE_CALLBACK_PATHS,
  CONSOLE_OAUTH_SCOPES,
  CUSTOM_ATTRIBUTES,
  domainPrefixProblem,
  domainPrefixStem,
  ROLE_GROUPS,
  parseTrustedIssuers,
} from '#infra/identity.ts';
import { acknowledgeNagFindings } from '#infra/nag.ts';
import { ScorecastStack } from '#infra/stack.ts';
import { wiring } from '#infra/wiring.ts';
import type { Wiring } from '#infra/wiring-types.ts';

/** CloudFormation template JSON, read loosely. */
type Json = any;

// No esbuild run, and no asset copied into each test app's output (the console's deployment alone
// would copy aws-cdk-lib's 22 MB AWS CLI layer into a temporary folder at every synthesis).
const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [], 'aws:cdk:disable-asset-staging': true };

interface Synth {
  stack: ScorecastStack;
  template: Template;
  resources: Record<string, Json>;
  outputs: Record<string, Json>;
  poolId: string;
  clientId: string;
}

function synth(context: Record<string, unknown> = {}, w: Wiring = wiring): Synth {
  const app = new App({ context: { ...SKIP_BUNDLING, ...context }, builtinCloudFormationValidation: false });
  const stack = new ScorecastStack(app, 'Scorecast', { wiring: w });
  const template = Template.fromStack(stack);
  const json = template.toJSON() as Json;
  const only = (type: string) => {
    const ids = Object.keys(json.Resources).filter((id) => json.Resources[id].Type === type);
    expect(ids, type).toHaveLength(1);
    return ids[0]!;
  };
  return {
    stack,
    template,
    resources: json.Resources,
    outputs: json.Outputs ?? {},
    poolId: only('AWS::Cognito::UserPool'),
    clientId: only('AWS::Cognito::UserPoolClient'),
  };
}

/** A CloudFormation string expression as text, references spelt `<LogicalId>` / `<AWS::Region>`. */
function render(value: Json): string {
  if (typeof value === 'string') return value;
  if (value?.Ref) return `<${value.Ref}>`;
  if (value?.['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  if (value?.['Fn::Join']) {
    const [separator, parts] = value['Fn::Join'];
    return parts.map(render).join(separator);
  }
  throw new Error(`Cannot render ${JSON.stringify(value)}`);
}

const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) => {
  const stack = (construct as unknown as { stack: ScorecastStack }).stack;
  return stack.getLogicalId(construct.node.defaultChild as never);
};

const authorizerEnv = (s: Synth) => {
  const id = s.stack.getLogicalId(s.stack.fn(wiring.authorizer.function).node.defaultChild as never);
  return s.resources[id].Properties.Environment.Variables;
};
/** The authorizer's JWT_ISSUERS as the function will parse it once CloudFormation resolves it. */
const jwtIssuers = (s: Synth) => JSON.parse(render(authorizerEnv(s).JWT_ISSUERS)) as Json[];
const cognitoIssuer = (s: Synth) => ({
  issuer: `https://cognito-idp.<AWS::Region>.<AWS::URLSuffix>/<${s.poolId}>`,
  audience: `<${s.clientId}>`,
  token_use: 'id',
});

const OTHER_ISSUER = { issuer: 'https://login.example.test/', audience: 'scorecast-api' };

describe('the Cognito user pool', () => {
  let s: Synth;
  let pool: Json;
  let client: Json;

  beforeAll(() => {
    s = synth();
    pool = s.resources[s.poolId].Properties;
    client = s.resources[s.clientId].Properties;
  });

  it('lets only administrators create users; users sign in with their email, which is required', () => {
    expect(pool.AdminCreateUserConfig.AllowAdminCreateUserOnly).toBe(true);
    expect(pool.UsernameAttributes).toEqual(['email']);
    expect(pool.UsernameConfiguration).toEqual({ CaseSensitive: false });
    expect(pool.Schema).toContainEqual({ Name: 'email', Required: true, Mutable: true });
  });

  it('has a strong password policy', () => {
    const policy = pool.Policies.PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(policy).toMatchObject({ RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true });
    expect(policy.PasswordHistorySize).toBeGreaterThan(0);
  });

  it('offers TOTP MFA (optional, no SMS), recovers accounts by email only, on the Essentials plan', () => {
    expect(pool.MfaConfiguration).toBe('OPTIONAL');
    expect(pool.EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(pool.SmsConfiguration).toBeUndefined();
    expect(pool.AccountRecoverySetting).toEqual({ RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] });
    expect(pool.UserPoolTier).toBe('ESSENTIALS');
  });

  it('has the custom attributes the authorizer reads: tenant_id (1-64 characters) and locations, both mutable', () => {
    const custom = Object.fromEntries(pool.Schema.filter((a: Json) => a.AttributeDataType).map((a: Json) => [a.Name, a]));
    expect(Object.keys(custom).sort()).toEqual(Object.values(CUSTOM_ATTRIBUTES).sort());
    expect(custom[CUSTOM_ATTRIBUTES.tenantId]).toEqual({
      Name: 'tenant_id',
      AttributeDataType: 'String',
      Mutable: true,
      StringAttributeConstraints: { MinLength: '1', MaxLength: '64' },
    });
    expect(custom[CUSTOM_ATTRIBUTES.locations]).toMatchObject({ Name: 'locations', AttributeDataType: 'String', Mutable: true });
    // The claims the authorizer reads by default are exactly these attributes and the groups.
    expect(wiring.settings.TENANT_CLAIM!.default).toBe(`custom:${CUSTOM_ATTRIBUTES.tenantId}`);
    expect(wiring.settings.LOCATIONS_CLAIM!.default).toBe(`custom:${CUSTOM_ATTRIBUTES.locations}`);
    expect(wiring.settings.ROLES_CLAIM!.default).toBe('cognito:groups');
  });

  it('has one group per role, named as the roles the authorizer accepts', () => {
    const groups = Object.values(s.resources).filter((r: Json) => r.Type === 'AWS::Cognito::UserPoolGroup');
    expect(groups.map((g: Json) => g.Properties.GroupName).sort()).toEqual([...roles].sort());
    expect(Object.keys(ROLE_GROUPS).sort()).toEqual([...roles].sort());
    for (const group of groups) expect(group.Properties.UserPoolId).toEqual({ Ref: s.poolId });
    s.template.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
  });

  it('is retained by default, with its groups and client, except when the create that made it rolls back', () => {
    // RetainExceptOnCreate: a failed first deploy deletes the pool, so the next one can start clean;
    // deletion protection would make that rollback fail, so the template leaves it unset.
    expect(s.resources[s.poolId].DeletionPolicy).toBe('RetainExceptOnCreate');
    expect(pool.DeletionProtection ?? 'INACTIVE').toBe('INACTIVE');
    for (const r of Object.values<Json>(s.resources).filter((x) => x.Type.startsWith('AWS::Cognito::'))) {
      expect(r.DeletionPolicy, r.Type).toBe('RetainExceptOnCreate');
      expect(r.UpdateReplacePolicy, r.Type).toBe('Retain');
    }
  });

  it('is deleted with a dev stack (removalPolicy=destroy)', () => {
    const dev = synth({ 'scorecast:removalPolicy': 'destroy' });
    expect(dev.resources[dev.poolId].DeletionPolicy).toBe('Delete');
    expect(dev.resources[dev.poolId].Properties.DeletionProtection ?? 'INACTIVE').toBe('INACTIVE');
  });

  describe('app client', () => {
    it('is public (no secret) for SPAs and CLIs, with SRP and USER_PASSWORD_AUTH', () => {
      expect(client.GenerateSecret ?? false).toBe(false);
      expect(client.UserPoolId).toEqual({ Ref: s.poolId });
      expect([...client.ExplicitAuthFlows].sort()).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH']);
    });

    it("signs the console in with the authorization code flow only (PKCE: no secret), back to the console's URL only", () => {
      expect(client.AllowedOAuthFlowsUserPoolClient).toBe(true);
      expect(client.AllowedOAuthFlows).toEqual(['code']);
      expect([...client.AllowedOAuthScopes].sort()).toEqual([...CONSOLE_OAUTH_SCOPES].sort());
      expect(client.SupportedIdentityProviders).toEqual(['COGNITO']);
      const distribution = logicalIdOf(s.stack.console.distribution);
      const consoleUrls = CONSOLE_CALLBACK_PATHS.map((path) => `https://<${distribution}.DomainName>${path}`);
      expect(client.CallbackURLs.map(render)).toEqual(consoleUrls);
      expect(client.LogoutURLs.map(render)).toEqual(consoleUrls);
    });

    it('issues 1-hour ID tokens and 30-day refresh tokens, hides user existence, revokes tokens', () => {
      expect(client.IdTokenValidity).toBe(60);
      expect(client.RefreshTokenValidity).toBe(30 * 24 * 60);
      expect(client.TokenValidityUnits).toMatchObject({ IdToken: 'minutes', RefreshToken: 'minutes' });
      expect(client.PreventUserExistenceErrors).toBe('ENABLED');
      expect(client.EnableTokenRevocation).toBe(true);
    });

    it('reads the tenant and the locations, so the ID token carries them', () => {
      s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
        ReadAttributes: Match.arrayWith(['custom:locations', 'custom:tenant_id']),
      });
    });

    it('cannot write the tenant, the locations or email_verified: they are not self-assigned', () => {
      for (const attribute of ['custom:tenant_id', 'custom:locations', 'email_verified']) {
        s.template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
          WriteAttributes: Match.not(Match.arrayWith([attribute])),
        });
      }
      // Every custom attribute of the pool, not only today's two, and never an empty list (which
      // Cognito reads as "every attribute").
      expect(client.WriteAttributes.length).toBeGreaterThan(0);
      expect(client.WriteAttributes.filter((a: string) => a.startsWith('custom:'))).toEqual([]);
      expect(client.WriteAttributes).toContain('email');
    });
  });

  describe('sign-in domain (managed login)', () => {
    const only = (x: Synth, type: string) => {
      const found = Object.values<Json>(x.resources).filter((r) => r.Type === type);
      expect(found, type).toHaveLength(1);
      return found[0].Properties;
    };

    it("is a Cognito domain on the pool with managed login (version 2), prefixed with the stack name and 8 hex digits of the stack's id", () => {
      const domain = only(s, 'AWS::Cognito::UserPoolDomain');
      expect(domain.UserPoolId).toEqual({ Ref: s.poolId });
      expect(domain.ManagedLoginVersion).toBe(2);
      expect(domain.CustomDomainConfig).toBeUndefined();
      expect(domain.Domain).toEqual({
        'Fn::Join': [
          '',
          ['scorecast-', { 'Fn::Select': [0, { 'Fn::Split': ['-', { 'Fn::Select': [2, { 'Fn::Split': ['/', { Ref: 'AWS::StackId' }] }] }] }] }],
        ],
      });
    });

    it("brands managed login for the client with Cognito's own look", () => {
      const branding = only(s, 'AWS::Cognito::ManagedLoginBranding');
      expect(branding).toEqual({ UserPoolId: { Ref: s.poolId }, ClientId: { Ref: s.clientId }, UseCognitoProvidedValues: true });
      const id = s.stack.getLogicalId(s.stack.identity.branding!);
      expect(s.resources[id].DependsOn).toContain(logicalIdOf(s.stack.identity.domain!));
    });

    it('takes its prefix from scorecast:cognitoDomainPrefix, and refuses one Cognito would not', () => {
      const custom = synth({ 'scorecast:cognitoDomainPrefix': 'acme-scores-eu' });
      expect(only(custom, 'AWS::Cognito::UserPoolDomain').Domain).toBe('acme-scores-eu');
      expect(() => synth({ 'scorecast:cognitoDomainPrefix': 'Acme' })).toThrow(/lowercase/);
      expect(() => synth({ 'scorecast:cognitoDomainPrefix': 'my-cognito-login' })).toThrow(/"cognito"/);
      expect(() => synth({ 'scorecast:cognitoDomainPrefix': 'trailing-' })).toThrow(/hyphen/);
    });

    it('derives a valid stem from any stack name', () => {
      expect(domainPrefixStem('Scorecast')).toBe('scorecast');
      expect(domainPrefixStem('Scorecast-dev')).toBe('scorecast-dev');
      expect(domainPrefixStem('AwsScorecast_Prod')).toBe('scorecast-prod');
      expect(domainPrefixStem('Amazon')).toBe('scorecast');
      expect(domainPrefixStem('amazawson')).toBe('scorecast');
      expect(domainPrefixStem(`S${'x'.repeat(100)}`)).toHaveLength(40);
      for (const name of ['Scorecast', 'Scorecast-dev', 'AwsScorecast_Prod', 'a-b--c', 'cogawsnito', `S${'x'.repeat(100)}`])
        expect(domainPrefixProblem(`${domainPrefixStem(name)}-1a2b3c4d`), name).toBeUndefined();
    });
  });

  describe('trust', () => {
    it("puts this pool's ID tokens for this client in the authorizer's JWT_ISSUERS", () => {
      expect(jwtIssuers(s)).toEqual([cognitoIssuer(s)]);
      const refs = JSON.stringify(authorizerEnv(s).JWT_ISSUERS);
      expect(refs).toContain(JSON.stringify({ Ref: s.poolId }));
      expect(refs).toContain(JSON.stringify({ Ref: s.clientId }));
    });

    it('gives JWT_ISSUERS only to functions that declare the setting', () => {
      for (const [name, decl] of Object.entries((wiring as Wiring).functions)) {
        const id = s.stack.getLogicalId(s.stack.fn(name).node.defaultChild as never);
        const env = s.resources[id].Properties.Environment.Variables;
        expect('JWT_ISSUERS' in env, name).toBe((decl.settings ?? []).includes('JWT_ISSUERS'));
      }
    });

    it('keeps the issuers configured in scorecast:settings (a JSON string or an array) after the pool', () => {
      const asString = synth({ 'scorecast:settings': JSON.stringify({ JWT_ISSUERS: JSON.stringify([OTHER_ISSUER]) }) });
      expect(jwtIssuers(asString)).toEqual([cognitoIssuer(asString), OTHER_ISSUER]);
      const asArray = synth({ 'scorecast:settings': { JWT_ISSUERS: [OTHER_ISSUER, { ...OTHER_ISSUER, token_use: 'access' }] } });
      expect(jwtIssuers(asArray)).toEqual([cognitoIssuer(asArray), OTHER_ISSUER, { ...OTHER_ISSUER, token_use: 'access' }]);
    });

    it('refuses configured issuers the authorizer could not use, at synth time', () => {
      expect(() => synth({ 'scorecast:settings': { JWT_ISSUERS: '{"issuer":"x"' } })).toThrow(/JWT_ISSUERS is not valid JSON/);
      expect(() => synth({ 'scorecast:settings': { JWT_ISSUERS: JSON.stringify(OTHER_ISSUER) } })).toThrow(/JSON array/);
      expect(() => parseTrustedIssuers(JSON.stringify([{ issuer: 'https://x.test' }]))).toThrow(/JWT_ISSUERS\[0\].*audience/);
      expect(() => parseTrustedIssuers(JSON.stringify([{ ...OTHER_ISSUER, token_use: 'refresh' }]))).toThrow(/token_use/);
      expect(parseTrustedIssuers(' ')).toEqual([]);
      expect(parseTrustedIssuers(JSON.stringify([{ ...OTHER_ISSUER, audience: ['a', 'b'] }]))).toHaveLength(1);
    });

    it('refuses a wiring whose authorizer does not read JWT_ISSUERS (the pool would not be trusted)', () => {
      const w: Wiring = wiring;
      const authorizer = w.functions[w.authorizer.function]!;
      const untrusting: Wiring = {
        ...w,
        functions: {
          ...w.functions,
          [w.authorizer.function]: { ...authorizer, settings: (authorizer.settings ?? []).filter((n) => n !== 'JWT_ISSUERS') },
        },
      };
      expect(() => synth({}, untrusting)).toThrow(/must read JWT_ISSUERS/);
    });
  });

  it('outputs the pool id, the client id and the issuer URL', () => {
    expect(s.outputs.UserPoolId.Value).toEqual({ Ref: s.poolId });
    expect(s.outputs.UserPoolClientId.Value).toEqual({ Ref: s.clientId });
    expect(render(s.outputs.UserPoolIssuerUrl.Value)).toBe(cognitoIssuer(s).issuer);
  });

  it('cdk-nag reports its MFA and feature plan until they are acknowledged, and nothing else', () => {
    const app = new App({ context: SKIP_BUNDLING });
    const stack = new ScorecastStack(app, 'Scorecast', { wiring });
    const path = stack.identity.userPool.node.path;
    const onIdentity = () =>
      new AwsSolutionsChecks(app)
        .validateScope(app)
        .violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`))
        .filter((f) => f.includes(`${stack.identity.node.path}/`))
        .sort();
    expect(onIdentity()).toEqual([`AwsSolutions-COG2 ${path}/Resource`, `AwsSolutions-COG8 ${path}/Resource`]);
    acknowledgeNagFindings(stack);
    expect(onIdentity()).toEqual([]);
  });
});
